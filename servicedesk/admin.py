"""The experts' queue: their team's requests, the nearest deadline first; they answer and
resolve here, through the same services the pilgrim pages use."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from casework.admin import (
    CASEWORK_FIELDS,
    AssigneeFilter,
    AtRiskAdminMixin,
    AtRiskFilter,
    CaseworkAdmin,
    CaseworkAdminMixin,
    casework_actions,
)
from casework.services import agent_name
from portal.admin_dates import DualCalendarDatesAdmin
from portal.admin_due_today import DueItem, DueListing, DuePanel, due_today_register
from portal.admin_object_actions import (
    ObjectAction,
    ObjectActionsAdmin,
    ObjectNoteForm,
    OptionalNoteForm,
)
from portal.admin_rule_changes import RuleChangeAdmin
from portal.calendars import format_dual_datetime

from . import selectors, services
from .errors import DeskError
from .models import DeskRequest, EscalationStep, ExpertTeam, RequestType, Topic


@admin.register(RequestType)
class RequestTypeAdmin(RuleChangeAdmin, TranslatableAdmin):
    list_display = ["code", "name", "kind", "fee", "first_response_hours",
                    "reply_working_days", "resolution_hours", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(Topic)
class TopicAdmin(TranslatableAdmin):
    list_display = ["code", "name", "team", "is_active"]


@admin.register(ExpertTeam)
class ExpertTeamAdmin(admin.ModelAdmin):
    list_display = ["group", "email", "lead", "is_second_line"]
    list_filter = ["is_second_line"]
    autocomplete_fields = ["lead"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.expert_team_grant_permissions(team=obj)


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    """The one escalation chain of the desk, level by level."""

    list_display = ["level", "holder", "team", "after_hours", "answer_within_working_days"]
    list_editable = ["holder", "team", "after_hours", "answer_within_working_days"]
    ordering = ["level"]


class StaffStatusFilter(admin.SimpleListFilter):
    """The status as experts read it (DeskRequest.STAFF_STATUS_LABELS), as the status column
    shows it, not the pilgrim's wording of the model's choices."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(DeskRequest.STAFF_STATUS_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in DeskRequest.STAFF_STATUS_LABELS:
            return queryset.filter(status=self.value())
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline_state"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("escalated", _("Escalated")),
                ("on_time", _("Within its deadline"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.filter(deadline__lt=now)
        if self.value() == "escalated":
            return queryset.filter(escalation_level__gt=0)
        if self.value() == "on_time":
            return queryset.filter(deadline__gte=now)
        return queryset


# The dashboard's desk panel: each count, and the list of exactly its requests.
DUE_TODAY = DueListing(
    title=_("due today"), all_key="today", all_label=_("Due today or overdue"),
    labels={"answer_overdue": _("to answer, overdue"), "answer_today": _("to answer today"),
            "resolve_overdue": _("to resolve, overdue"),
            "resolve_today": _("to resolve today")},
    overdue=("answer_overdue", "resolve_overdue"),
    rows=lambda queryset, which=None: selectors.desk_requests_due_today(queryset,
                                                                        which=which))


def _answer(request, user, data):
    services.desk_reply_add(request=request, acting_user=user, body=data["note"])


def _resolve(request, user, data):
    services.desk_request_resolve(request=request, acting_user=user, note=data.get("note", ""))


def _open(request):
    return request.status != DeskRequest.Status.RESOLVED


def _escalate_now(request, user, data):
    services.desk_request_escalate_now(request=request, acting_user=user, reason=data["note"])


class EscalateReasonForm(ObjectNoteForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Reason for escalating")


@admin.register(DeskRequest)
class DeskRequestAdmin(CaseworkAdmin, AtRiskAdminMixin, DualCalendarDatesAdmin,
                       CaseworkAdminMixin, ObjectActionsAdmin):
    list_display = ["reference", "subject", "request_type", "topic", "team", "staff_status",
                    "deadline_shown", "at_risk_badge", "escalation_level", "assignee",
                    "created_at"]
    list_filter = [AssigneeFilter, DUE_TODAY.list_filter(), OverdueFilter, AtRiskFilter,
                   StaffStatusFilter, "escalation_level", "team", "request_type", "topic"]
    search_fields = ["reference"]
    # Deadlines in the order they fall: filed, first answer due, answered, resolution due,
    # resolved; then the escalation and the thread.
    fields = ["reference", "pilgrim_shown", "request_type", "topic", "team", "subject",
              "staff_status", "fee", "at_risk_shown", "created_at", "first_response_due",
              "first_responded_at", "resolution_due", "resolved_at", "escalation_level",
              "escalated_team",
              "expected_by", "escalation_history", *CASEWORK_FIELDS, "conversation"]
    readonly_fields = fields
    readonly_page = True
    canned_targets = ("answer", "resolve")  # the canned reply chooser fills their note
    object_actions = [
        ObjectAction(name="answer", label=_("Answer the pilgrim"), call=_answer,
                     errors=DeskError, form_class=ObjectNoteForm, available=_open,
                     done=_("Answer sent.")),
        ObjectAction(name="resolve", label=_("Resolve"), call=_resolve, errors=DeskError,
                     form_class=OptionalNoteForm, available=_open,
                     done=_("Request resolved.")),
        *casework_actions(),
        ObjectAction(name="escalate_now", label=_("Escalate now"), call=_escalate_now,
                     errors=DeskError, form_class=EscalateReasonForm, available=_open,
                     done=_("Request escalated one level.")),
    ]

    def get_queryset(self, request):
        return self.with_at_risk(selectors.desk_queue_for_staff(user=request.user))

    def has_add_permission(self, request):
        return False  # requests are filed by pilgrims

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"), ordering="status")
    def staff_status(self, obj):
        return DeskRequest.STAFF_STATUS_LABELS.get(obj.status, obj.get_status_display())

    @admin.display(description=_("next deadline"), ordering="deadline")
    def deadline_shown(self, obj):
        return obj.deadline

    @admin.display(description=_("escalation history"))
    def escalation_history(self, obj):
        # Read-only text, not an inline: the expert's answer form posts no formset.
        # Who it went to by name (as the assignment history), the arrow in the reading
        # direction of the language (its msgid), and "-" when it never climbed.
        return format_html_join("", "<p>{}. {} (<bdi>{}</bdi>) {} · <bdi>{}</bdi>"
                                    " · <bdi>{}</bdi></p>", (
            (row.level, row.get_missed_deadline_display(), format_dual_datetime(row.deadline_at),
             mark_safe(conditional_escape(_("→ %(to)s")) % {"to": format_html(
                 "<bdi>{}</bdi>", agent_name(row.assigned_to) if row.assigned_to else row.team)}),
             format_dual_datetime(row.escalated_at), format_dual_datetime(row.expected_by))
            for row in obj.escalations.select_related("assigned_to", "team__group"))) or "-"

    @admin.display(description=_("conversation"))
    def conversation(self, obj):
        # Both calendars and Riyadh's time, as the pilgrim reads them; each message in its
        # own direction (an English answer on the Arabic admin, and the reverse).
        return format_html_join("", '<p><strong>{}</strong> · <bdi>{}</bdi></p>'
                                    '<p dir="auto">{}{}</p>', (
            (_("Expert") if message.from_expert else _("Pilgrim"),
             format_dual_datetime(message.created_at),
             message.body, format_html_join("", ' <a href="{}">{}</a>', (
                 (f"/servicedesk/attachment/{a.token}/", a.original_name)
                 for a in message.attachments.all())))
            for message in selectors.message_list(request=obj)))


def _due_panel(user, now):
    """The dashboard's desk requests: for staff who may open the desk's queue."""
    if not user.has_perm("servicedesk.view_deskrequest"):
        return None
    due = selectors.desk_requests_due_today_for_staff(user=user, now=now)
    listing = reverse("admin:servicedesk_deskrequest_changelist")
    return DuePanel(
        title=_("Service desk requests"), list_url=DUE_TODAY.url(listing),
        counts=DUE_TODAY.counts(due, listing),
        items=[DueItem(label=item["request"].reference,
                       url=reverse("admin:servicedesk_deskrequest_change",
                                   args=[item["request"].pk]),
                       what=_("answer by") if item["deadline"] == "answer"
                       else _("resolve by"),
                       due_at=item["due_at"], overdue=item["overdue"],
                       state=DeskRequest.STAFF_STATUS_LABELS[item["request"].status])
               for item in due["items"]])


due_today_register(key="servicedesk", order=20, panel=_due_panel)
