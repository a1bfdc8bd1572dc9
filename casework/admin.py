"""The help desk's admin: its own records, and the tools it adds to every case's page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin
from parler.forms import TranslatableModelForm

from accounts.selectors import display_name
from portal.admin_due_today import DueCount, DueItem, DuePanel, due_today_register
from portal.admin_object_actions import NOTE_WIDGET_ATTRS, ObjectAction
from portal.calendars import format_dual_datetime

from . import at_risk, canned, kinds, links, selectors, services
from .errors import CaseworkError
from .models import AtRiskRule, CannedReply

# At risk and satisfaction


@admin.register(AtRiskRule)
class AtRiskRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "percent_left", "hours_left"]


class AtRiskFilter(admin.SimpleListFilter):
    title = _("at risk")
    parameter_name = "at_risk"

    def lookups(self, request, model_admin):
        return [("yes", _("At risk"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(at_risk_since__isnull=False)
        return queryset


class AtRiskAdminMixin:
    """Put before the ModelAdmin of a kind of case: its rows carry `at_risk_since`, the list
    a badge (`at_risk_badge`) and the "At risk" filter (`AtRiskFilter`), its page a line
    (`at_risk_shown`)."""

    def get_queryset(self, request):
        return self.with_at_risk(super().get_queryset(request))

    def with_at_risk(self, queryset):
        """For a ModelAdmin whose get_queryset does not call super()'s."""
        return at_risk.with_at_risk(queryset, kinds.of(self.model))

    @admin.display(description=_("at risk"), ordering="at_risk_since")
    def at_risk_badge(self, obj):
        if getattr(obj, "at_risk_since", None) is None:
            return ""
        return format_html('<strong class="case-at-risk">⚠ {}</strong>', _("At risk"))

    @admin.display(description=_("at risk"))
    def at_risk_shown(self, obj):
        if getattr(obj, "at_risk_since", None) is None:
            return "-"
        labels = kinds.of(obj).deadline_labels()
        return format_html(
            '<strong class="case-at-risk">⚠ {}</strong>',
            _("At risk of missing its %(deadline)s (due %(due)s), since %(since)s") % {
                "deadline": labels.get(obj.risk_deadline, obj.risk_deadline),
                "due": format_dual_datetime(obj.risk_due),
                "since": format_dual_datetime(obj.at_risk_since)})


def _at_risk_panel(user, now):
    """The cases at risk the member of staff may open, of every kind, the nearest first."""
    counts, items = [], []
    for kind in kinds.all_kinds():
        meta = kind.model._meta
        if kind.staff_cases is None or not user.has_perm(
                f"{meta.app_label}.view_{meta.model_name}"):
            continue
        found = at_risk.cases_at_risk_for_staff(user=user, kind=kind)
        counts.append(DueCount(str(meta.verbose_name_plural), found["count"],
                               f"{at_risk.case_admin_url(kind)}?at_risk=yes"))
        items += [_item(kind, case, now) for case in found["items"]]
    if not counts:
        return None
    return DuePanel(title=_("Cases at risk of missing a deadline"), counts=counts,
                    items=sorted(items, key=lambda item: item.due_at))


def _item(kind, case, now) -> DueItem:
    labels = kind.deadline_labels()
    return DueItem(label=kind.reference(case), url=at_risk.case_admin_url(kind, case.pk),
                   what=_("%(deadline)s by") % {
                       "deadline": labels.get(case.risk_deadline, case.risk_deadline)},
                   due_at=case.risk_due, overdue=case.risk_due < (now or timezone.now()))


due_today_register(key="casework_at_risk", order=5, panel=_at_risk_panel)


# Canned replies and links


class CannedReplyForm(TranslatableModelForm):
    applies_to = forms.ChoiceField(label=_("For"), choices=())

    class Meta:
        model = CannedReply
        fields = ["applies_to", "title", "body", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_to"].choices = canned.applies_to_choices()
        if self.instance.pk:
            self.initial["applies_to"] = f"{self.instance.kind}:{self.instance.topic}"
        self.fields["body"].widget.attrs["dir"] = "auto"

    def clean(self):
        data = super().clean()
        if data.get("applies_to"):
            self.instance.kind, self.instance.topic = data["applies_to"].split(":", 1)
        return data


@admin.register(CannedReply)
class CannedReplyAdmin(TranslatableAdmin):
    """Team leads write the replies, each language in its tab; agents only choose them on a
    case's page (the model's permissions go to the team leads' role alone)."""

    form = CannedReplyForm
    list_display = ["title", "kind", "topic", "is_active"]
    list_filter = ["kind", "is_active"]


class CannedChooserForm(forms.Form):
    """Chosen by GET, so it works without script: the page comes back with the text in."""

    canned = forms.ChoiceField(label=_("Canned reply"), required=False)
    into = forms.ChoiceField(label=_("Into"), required=False)


def _case_page(case) -> str | None:
    opts = kinds.of(case).model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[case.pk])
    except NoReverseMatch:
        return None


class CaseworkAdmin:
    """Mixed into a case's ObjectActionsAdmin: the canned reply chooser over the page's reply
    forms (`canned_targets`: the names of the actions whose note it fills), the case's links,
    a merge (after a confirmation page) and a link form."""

    canned_targets: tuple[str, ...] = ()
    change_form_template = "admin/casework/case_change_form.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [path("<path:object_id>/merge/", self.admin_site.admin_view(self.merge_view),
                     name=f"{name}_merge"),
                path("<path:object_id>/link/", self.admin_site.admin_view(self.link_view),
                     name=f"{name}_link"),
                *super().get_urls()]

    # --- Canned replies ------------------------------------------------------------------

    def _targets(self, request, obj):
        shown = {item["action"].name: item["action"]
                 for item in self.object_actions_for(request, obj)}
        return [(name, shown[name].label) for name in self.canned_targets if name in shown]

    def _chosen(self, request, obj):
        """The reply chosen by ?canned=<id> for this case, and the action it goes into."""
        if "canned" not in request.GET or not request.GET["canned"]:
            return None, None
        reply = canned.canned_reply_for_case(reply_id=request.GET["canned"], case=obj)
        if reply is None:
            messages.error(request, _("This canned reply is not offered for this case."))
            return None, None
        targets = [name for name, _label in self._targets(request, obj)]
        into = request.GET.get("into") or (targets[0] if targets else None)
        return (reply, into) if into in targets else (None, None)

    def object_actions_for(self, request, obj):
        items = super().object_actions_for(request, obj)
        reply, into = getattr(request, "_canned_choice", (None, None))
        for item in items:
            if reply is not None and item["action"].name == into and item["form"] is not None:
                text = canned.canned_reply_render(reply=reply, case=obj, agent=request.user)
                item["form"] = item["action"].form_class(prefix=into, initial={"note": text})
        return items

    def _chooser(self, request, obj):
        targets = self._targets(request, obj)
        replies = list(canned.canned_replies_for_case(obj)) if targets else []
        if not replies:
            return None
        form = CannedChooserForm(initial={"canned": request.GET.get("canned", ""),
                                          "into": request.GET.get("into", "")})
        form.fields["canned"].choices = [("", "---------"), *((r.pk, str(r)) for r in replies)]
        form.fields["into"].choices = targets
        # The live fill (static/js/casework_canned.js) reads each reply's text from here.
        texts = [(reply.pk, canned.canned_reply_render(reply=reply, case=obj,
                                                       agent=request.user))
                 for reply in replies]
        return {"form": form, "texts": texts, "language": canned.pilgrim_language(obj)}

    # --- The page -----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        context = dict(extra_context or {})
        if obj is not None:
            request._canned_choice = self._chosen(request, obj)
            may_act = self.has_change_permission(request, obj)
            context.update({
                "canned_chooser": self._chooser(request, obj) if may_act else None,
                "case_links": [(shown, _case_page(shown.other),
                                shown.kind.model._meta.verbose_name)
                               for shown in links.case_links_for(obj)],
                "case_merge_url": self._url("merge", obj),
                "case_link_url": self._url("link", obj),
                "case_kinds": [(kind.key, kind.model._meta.verbose_name)
                               for kind in kinds.all_kinds()],
                "case_tools": may_act,
                "case_kind": kinds.of(obj).key,
            })
        return super().change_view(request, object_id, form_url, context)

    # --- Merge and link ------------------------------------------------------------------

    def _case_or_404(self, request, object_id):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _url(self, view, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}",
                       args=[obj.pk], current_app=self.admin_site.name)

    def _back(self, obj):
        return self._url("change", obj)

    def _scope(self, request, kind_key):
        """The staff member's cases of that kind: its admin's own queryset."""
        model_admin = self.admin_site._registry.get(kinds.get(kind_key).model)
        if model_admin is None:
            raise links.CaseLinkError("not_found", reference="")
        return model_admin.get_queryset(request)

    def merge_view(self, request, object_id):
        duplicate = self._case_or_404(request, object_id)
        back = self._back(duplicate)
        reference = request.GET.get("into", request.POST.get("into", ""))
        context = {**self.admin_site.each_context(request), "duplicate": duplicate,
                   "keep_url": back, "into": reference}
        try:
            survivor = links.case_find(kind_key=kinds.of(duplicate).key, reference=reference,
                                       queryset=self.get_queryset(request))
            context["survivor"] = survivor
            links.case_merge_check(duplicate=duplicate, survivor=survivor)
            if request.method == "POST":
                links.case_merge(duplicate=duplicate, survivor=survivor,
                                 acting_user=request.user)
                self.log_change(request, duplicate, str(_("Merged into %(reference)s") % {
                    "reference": kinds.of(survivor).reference(survivor)}))
                messages.success(request, _("Merged into %(reference)s; the pilgrim is told.")
                                 % {"reference": kinds.of(survivor).reference(survivor)})
                return HttpResponseRedirect(self._back(survivor))
        except links.CaseLinkError as error:
            context["refusal"] = error.message
        return TemplateResponse(request, "admin/casework/merge_confirm.html", context)

    def link_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        case = self._case_or_404(request, object_id)
        try:
            kind_key = request.POST.get("kind", "")
            other = links.case_find(kind_key=kind_key, reference=request.POST.get("reference", ""),
                                    queryset=self._scope(request, kind_key)
                                    if kind_key in {k.key for k in kinds.all_kinds()} else None)
            links.case_link(case=case, other=other, acting_user=request.user)
        except links.CaseLinkError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Linked."))
        return HttpResponseRedirect(self._back(case))


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

    @admin.display(description=_("pilgrim"))
    def pilgrim_shown(self, obj):
        """The pilgrim by name, as the agent will address them, not by the username."""
        return format_html("<bdi>{}</bdi>", display_name(kinds.of(obj).pilgrim(obj)))

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
