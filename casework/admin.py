"""The help desk's part of a case's admin page, the same for every kind of case
(casework.kinds): each kind's ModelAdmin adds the mixin, the list filter and the actions."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.admin_due_today import DueCount, DuePanel, due_today_register
from portal.admin_object_actions import NOTE_WIDGET_ATTRS, ObjectAction
from portal.calendars import format_dual_datetime

from . import kinds, selectors, services
from .errors import CaseworkError

# Assignment and notes


class AssigneeFilter(admin.SimpleListFilter):
    """The agent's queues: their own cases, and those nobody has taken yet."""

    title = _("assigned to")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("mine", _("Mine")), ("unassigned", _("Unassigned"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.filter(assigned_to=request.user)
        if value == "unassigned":
            return queryset.filter(assigned_to__isnull=True)
        return queryset

    def has_output(self):
        return True


def workload_label(agent, count) -> str:
    return _("%(name)s — %(count)s open") % {"name": services.agent_name(agent),
                                             "count": count}


class AssignForm(forms.Form):
    """The agents who may hold the case, each with their open cases, the least loaded
    first; the reason goes to the history and to the agent's e-mail."""

    for_object = True
    agent = forms.TypedChoiceField(label=_("Agent"), coerce=int)
    note = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs=NOTE_WIDGET_ATTRS))

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = obj
        self.fields["agent"].choices = [("", "---------")] + [
            (agent.pk, workload_label(agent, count))
            for agent, count in selectors.agent_choices(obj)]

    def clean_agent(self):
        return kinds.of(self.case).agents(self.case).get(pk=self.cleaned_data["agent"])


class InternalNoteForm(forms.Form):
    note = forms.CharField(label=_("Internal note (never shown to the pilgrim)"),
                           max_length=5000, widget=forms.Textarea(attrs=NOTE_WIDGET_ATTRS))


def _is_open(case) -> bool:
    return kinds.of(case).open_cases().filter(pk=case.pk).exists()


def casework_actions() -> list[ObjectAction]:
    """The help desk's buttons on a case's page: take, assign, write an internal note."""
    return [
        ObjectAction(name="take", label=_("Take this case"), errors=CaseworkError,
                     call=lambda case, user, data: services.case_take(case, acting_user=user),
                     available=lambda case: case.assigned_to_id is None and _is_open(case),
                     done=_("The case is yours.")),
        ObjectAction(name="assign", label=_("Assign to an agent"), errors=CaseworkError,
                     form_class=AssignForm, available=_is_open,
                     call=lambda case, user, data: services.case_assign(
                         case, agent=data["agent"], acting_user=user, reason=data["note"]),
                     done=_("Case assigned.")),
        ObjectAction(name="internal_note", label=_("Add the internal note"),
                     errors=CaseworkError, form_class=InternalNoteForm,
                     call=lambda case, user, data: services.note_add(
                         case, acting_user=user, body=data["note"]),
                     done=_("Internal note added.")),
    ]


class CaseworkAdminMixin:
    """The read-only parts of a case's page: who had it, and the staff's internal notes."""

    @admin.display(description=_("assigned to"), ordering="assigned_to__first_name")
    def assignee(self, obj):
        return services.agent_name(obj.assigned_to) if obj.assigned_to_id else "-"

    @admin.display(description=_("assignment history"))
    def assignment_history(self, obj):
        return format_html_join("", '<p><bdi>{}</bdi> · {} · {}</p>{}', (
            (format_dual_datetime(row.at),
             _with_names(_("%(from)s → %(to)s"), to=services.agent_name(row.to_agent),
                         **{"from": services.agent_name(row.from_agent) if row.from_agent
                            else "-"}),
             _with_names(_("by %(name)s"), name=services.agent_name(row.by) if row.by
                         else _("the portal")),
             format_html('<p dir="auto">{}</p>', row.reason) if row.reason else "")
            for row in selectors.assignment_list(obj))) or "-"

    @admin.display(description=_("internal notes"))
    def internal_notes(self, obj):
        return format_html_join("", '<div class="casework-note"><p><strong><bdi>{}</bdi>'
                                    '</strong> · <bdi>{}</bdi></p><p dir="auto">{}</p></div>', (
            (services.agent_name(note.author), format_dual_datetime(note.created_at), note.body)
            for note in selectors.note_list(obj))) or "-"


def _with_names(template, **names):
    """A translated sentence with people's names, each isolated (<bdi>) so a Latin name
    keeps its place in an Arabic sentence; the Arabic arrow points the way it reads."""
    return mark_safe(conditional_escape(template) % {
        key: format_html("<bdi>{}</bdi>", value) for key, value in names.items()})


CASEWORK_FIELDS = ["assignee", "assigned_at", "assignment_history", "internal_notes"]


def _workload_panel(user, now):
    """Open cases per agent: a monitor's view of everyone's (may reassign), else the agent's
    own queue on each kind of case they may open."""
    cases = [kind for kind in kinds.all_kinds()
             if user.has_perm(f"{kind.model._meta.app_label}.view_{kind.model._meta.model_name}")]
    if not cases:
        return None
    if user.has_perm("casework.reassign_others"):
        counts = [DueCount(services.agent_name(agent), count)
                  for agent, count in selectors.workload_by_agent()]
    else:
        counts = [DueCount(str(_("%(cases)s: mine") % {
            "cases": kind.model._meta.verbose_name_plural}),
            kind.open_cases().filter(assigned_to=user).count(),
            reverse(f"admin:{kind.model._meta.app_label}_{kind.model._meta.model_name}"
                    "_changelist") + "?assignee=mine") for kind in cases]
    return DuePanel(title=_("Open cases per agent"), counts=counts)


due_today_register(key="casework_workload", order=5, panel=_workload_panel)
