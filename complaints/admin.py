"""Back office of complaints: the provider's queue, the ministry's escalated queue, sanctions.

Provider staff see only their own company's complaints; the queue is sorted by the fix
deadline with the time left (overdue first and marked). Every action calls a service.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from accounts import roles
from casework.admin import (
    CASEWORK_FIELDS,
    AssigneeFilter,
    AtRiskAdminMixin,
    AtRiskFilter,
    CaseworkAdmin,
    CaseworkAdminMixin,
    casework_actions,
)
from portal import calendars
from portal.admin_dates import DualCalendarDatesAdmin
from portal.admin_due_today import DueItem, DueListing, DuePanel, due_today_register
from portal.admin_object_actions import (
    NOTE_WIDGET_ATTRS,
    ObjectAction,
    ObjectActionsAdmin,
    ObjectNoteForm,
    list_actions,
)
from portal.admin_readonly import ReadOnlyPageAdmin
from portal.admin_rule_changes import RuleChangeAdmin
from portal.durations import human_duration

from . import selectors, services
from .errors import ComplaintError
from .models import (
    FINAL,
    MINISTRY_OPEN,
    PROVIDER_OPEN,
    STAFF_STATUS_LABELS,
    Channel,
    Complaint,
    EscalatedComplaint,
    MonthlyReport,
    Policy,
    ReportingAuthority,
    Sanction,
    Status,
    Transition,
)

# The page of a complaint: what it is, then its deadlines in the order they fall (received,
# acknowledge by and the time left to, acknowledged, the corrective period, fix by and the
# time left to, resolved), then the ministry's part. Durations read as "2 h 15 min", states
# in staff wording.
FIELDSETS = [
    (None, {"fields": ["number", "staff_status", "at_risk_shown", "pilgrim_shown", "about",
                       "contract", "provider", "season", "item", "failure", "description",
                       "occurred_at", "channel", "logged_by", "attachment_links"]}),
    (_("Deadlines"), {"fields": ["created_at", "ack_due_at", "ack_time_left", "acknowledged_at",
                                 "corrective_period", "fix_due_at", "fix_time_left",
                                 "resolved_at", "fixed_late", "resolution_note", "paused_at",
                                 "time_paused"]}),
    (_("The ministry"), {"fields": ["escalated_at", "escalated_automatically",
                                    "review_started_at", "decided_at", "decided_by",
                                    "decision_reason", "closed_at"]}),
    (_("Help desk: assignment and internal notes"), {"fields": CASEWORK_FIELDS}),
]
READONLY = [name for _title, part in FIELDSETS for name in part["fields"]]


def time_left(obj, due):
    if obj.status in FINAL or obj.status in (Status.RESOLVED, Status.UPHELD, Status.DISMISSED):
        return "-"
    if obj.status == Status.WAITING_PILGRIM:
        return _("paused (waiting on the pilgrim)")
    left = due - timezone.now()
    text = human_duration(left)
    if left.total_seconds() < 0:
        return format_html('<strong class="complaint-overdue">⚠ {} {}</strong>',
                           _("overdue by"), text)
    return text


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = ["at", "kind", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class LogComplaintForm(forms.ModelForm):
    """A complaint received by phone, WhatsApp, e-mail or in person, logged by staff."""

    class Meta:
        model = Complaint
        fields = ["pilgrim", "about", "contract", "item", "failure", "description",
                  "occurred_at", "channel"]


class PilgrimSaidForm(forms.Form):
    """What a pilgrim who phoned said, for the step an agent records on their behalf."""

    note = forms.CharField(label=_("What the pilgrim said"), max_length=5000,
                           widget=forms.Textarea(attrs=NOTE_WIDGET_ATTRS))


class PilgrimSaidOptionalForm(PilgrimSaidForm):
    note = forms.CharField(label=_("What the pilgrim said (optional)"), required=False,
                           max_length=5000, widget=forms.Textarea(attrs=NOTE_WIDGET_ATTRS))


class ComplaintScopeMixin(CaseworkAdminMixin):
    def get_queryset(self, request):
        return selectors.complaint_scope_for_staff(
            super().get_queryset(request).select_related("provider", "pilgrim", "assigned_to"),
            user=request.user)

    @admin.display(description=_("status"), ordering="status")
    def staff_status(self, obj):
        return STAFF_STATUS_LABELS.get(obj.status, obj.get_status_display())

    @admin.display(description=_("corrective period"))
    def corrective_period(self, obj):
        return human_duration(obj.corrective_period_minutes * 60)

    @admin.display(description=_("time spent waiting on the pilgrim"))
    def time_paused(self, obj):
        return human_duration(obj.paused_seconds) if obj.paused_seconds else "-"

    @admin.display(description=_("time left to acknowledge"), ordering="ack_due_at")
    def ack_time_left(self, obj):
        # Acknowledged, or out of the provider's hands (escalated): no acknowledgement due.
        if obj.acknowledged_at or obj.status not in (*PROVIDER_OPEN, Status.WAITING_PILGRIM):
            return "-"
        return time_left(obj, obj.ack_due_at)

    @admin.display(description=_("time left to fix"), ordering="fix_due_at")
    def fix_time_left(self, obj):
        return time_left(obj, obj.fix_due_at)

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj):
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("complaints:attachment", args=[a.token]), a.original_name)
             for a in obj.attachments.all()),
        ) or "-"


def _reply(complaint, user, data):
    services.complaint_reply(complaint=complaint, acting_user=user, text=data["note"])


def _state(*statuses):
    return lambda complaint: complaint.status in statuses


def _by_phone(name, label, service, *, available, done, form_class=None, words=None):
    """A step only the pilgrim takes, recorded by a care-centre agent for a pilgrim who
    phoned: the pilgrim's own service, with the agent as `on_behalf_by`."""
    def call(complaint, user, data):
        extra = {words: data["note"]} if words else {}
        return service(complaint=complaint, acting_user=complaint.pilgrim, on_behalf_by=user,
                       **extra)

    return ObjectAction(name=name, label=label, call=call, errors=ComplaintError,
                        form_class=form_class, available=available, done=done,
                        permitted=lambda user: services.may_act_for_pilgrim(user=user))


# The pilgrim's own steps, for a pilgrim who phones: in the states the pilgrim's own
# buttons (complaints.views) are offered, to care-centre agents and ministry administrators.
BY_PHONE_ACTIONS = [
    _by_phone("pilgrim_confirms", _("Pilgrim confirms the fix (by phone)"),
              services.complaint_confirm, available=_state(Status.RESOLVED),
              done=_("Recorded: the pilgrim confirmed the fix; the complaint is closed.")),
    _by_phone("pilgrim_reopens", _("Pilgrim reopens (by phone)"), services.complaint_reopen,
              available=_state(Status.RESOLVED), form_class=PilgrimSaidForm, words="reason",
              done=_("Recorded: the pilgrim reopened the complaint.")),
    _by_phone("pilgrim_escalates", _("Pilgrim escalates now (by phone)"),
              services.complaint_escalate,
              available=lambda c: c.provider_time_passed(timezone.now()),
              form_class=PilgrimSaidOptionalForm, words="reason",
              done=_("Recorded: the pilgrim escalated the complaint to the ministry.")),
    _by_phone("pilgrim_replies", _("Pilgrim's reply (by phone)"), services.complaint_reply,
              available=lambda c: c.status not in FINAL, form_class=PilgrimSaidForm,
              words="text",
              done=_("Recorded: the pilgrim's reply; a paused clock runs again.")),
]

ANSWER = ObjectAction(name="reply", label=_("Send a message to the pilgrim"), call=_reply,
                      errors=ComplaintError, form_class=ObjectNoteForm,
                      available=lambda c: c.status not in FINAL, done=_("Message sent."))


# The dashboard's complaints panel: each count, and the list of exactly its complaints.
DUE_TODAY = DueListing(
    title=_("deadline"), all_key="today", all_label=_("Due today or overdue"),
    labels={"ack_overdue": _("to acknowledge, overdue"),
            "ack_today": _("to acknowledge today"),
            "fix_overdue": _("to fix, overdue"),
            "fix_today": _("to fix today")},
    overdue=("ack_overdue", "fix_overdue"),
    rows=lambda queryset, which=None: selectors.complaints_due_today(queryset, which=which))

# The monitors' panel: the escalated complaints the ministry has still to decide.
ESCALATED_OPEN = DueListing(
    title=_("the ministry's decision"), parameter="ministry", all_key="open",
    all_label=_("Not decided yet"),
    labels={"to_review": _("waiting for a review"), "in_review": _("under review")},
    rows=lambda queryset, which=None: selectors.complaints_escalated_open(queryset,
                                                                          which=which))

# The provider's buttons, on the complaint's page and (some) in the list's action menu.
PROVIDER_ACTIONS = [
    ObjectAction(name="acknowledge", label=_("Acknowledge"), errors=ComplaintError,
                 call=lambda c, user, data: services.complaint_acknowledge(
                     complaint=c, acting_user=user),
                 available=_state(Status.SUBMITTED), done=_("Complaint acknowledged.")),
    ObjectAction(name="start", label=_("Start work"), errors=ComplaintError,
                 call=lambda c, user, data: services.complaint_start(complaint=c,
                                                                     acting_user=user),
                 available=_state(Status.SUBMITTED, Status.ACKNOWLEDGED),
                 done=_("Work started.")),
    ObjectAction(name="ask_pilgrim", label=_("Ask the pilgrim for information"),
                 errors=ComplaintError, form_class=ObjectNoteForm,
                 call=lambda c, user, data: services.complaint_request_info(
                     complaint=c, acting_user=user, question=data["note"]),
                 available=_state(*PROVIDER_OPEN),
                 done=_("Question sent; the clock is paused until the pilgrim answers.")),
    ANSWER,
    ObjectAction(name="resolve", label=_("Resolve with a note"), errors=ComplaintError,
                 form_class=ObjectNoteForm,
                 call=lambda c, user, data: services.complaint_resolve(
                     complaint=c, acting_user=user, note=data["note"]),
                 available=_state(*PROVIDER_OPEN), done=_("Complaint resolved.")),
    *BY_PHONE_ACTIONS,
    *casework_actions(),
]

# The ministry's buttons on an escalated complaint, likewise.
MINISTRY_ACTIONS = [
    ObjectAction(name="review", label=_("Take for review"), errors=ComplaintError,
                 call=lambda c, user, data: services.complaint_review_start(
                     complaint=c, acting_user=user),
                 available=_state(Status.ESCALATED), done=_("Taken for review.")),
    ObjectAction(name="uphold", label=_("Uphold (give the reasons)"), errors=ComplaintError,
                 form_class=ObjectNoteForm,
                 call=lambda c, user, data: services.complaint_decide(
                     complaint=c, acting_user=user, upheld=True, reason=data["note"]),
                 available=_state(*MINISTRY_OPEN), done=_("Complaint upheld.")),
    ObjectAction(name="dismiss", label=_("Dismiss (give the reasons)"),
                 errors=ComplaintError, form_class=ObjectNoteForm,
                 call=lambda c, user, data: services.complaint_decide(
                     complaint=c, acting_user=user, upheld=False, reason=data["note"]),
                 available=_state(*MINISTRY_OPEN), done=_("Complaint dismissed.")),
    ANSWER,
    ObjectAction(name="close", label=_("Close"), errors=ComplaintError,
                 call=lambda c, user, data: services.complaint_close(complaint=c,
                                                                     acting_user=user),
                 available=_state(Status.UPHELD, Status.DISMISSED),
                 done=_("Complaint closed.")),
    *BY_PHONE_ACTIONS,
    *casework_actions(),
]


@admin.register(Complaint)
class ComplaintAdmin(CaseworkAdmin, AtRiskAdminMixin, DualCalendarDatesAdmin,
                     ComplaintScopeMixin, ObjectActionsAdmin):
    list_display = ["number", "staff_status", "provider", "item", "failure", "channel",
                    "created_at", "ack_time_left", "fix_time_left", "at_risk_badge", "assignee"]
    list_filter = [AssigneeFilter, DUE_TODAY.list_filter(), AtRiskFilter, "status", "item",
                   "failure", "channel", "about", "escalated_automatically", "fixed_late"]
    search_fields = ["number"]
    ordering = ["fix_due_at"]
    inlines = [TransitionInline]
    raw_id_fields = ["pilgrim", "contract"]
    readonly_page = True
    canned_targets = ("reply", "resolve")  # the canned reply chooser fills their note
    object_actions = PROVIDER_ACTIONS
    actions = list_actions(PROVIDER_ACTIONS, "acknowledge", "start", "resolve", "ask_pilgrim")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = LogComplaintForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": LogComplaintForm.Meta.fields})]
        return FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else READONLY

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def has_add_permission(self, request):
        return (request.user.is_superuser or roles.user_has_role(request.user, roles.CARE_AGENT)
                or roles.user_has_role(request.user, roles.PROVIDER_STAFF))

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        try:
            created = services.complaint_file(
                acting_user=data["pilgrim"], about=data["about"], contract=data["contract"],
                item=data["item"], failure=data["failure"], description=data["description"],
                occurred_at=data["occurred_at"], channel=data["channel"] or Channel.PHONE,
                logged_by=request.user)
        except ComplaintError as error:
            self.message_user(request, error.message, level="error")
            obj.pk = None
            return
        obj.pk = created.pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)


@admin.register(EscalatedComplaint)
class EscalatedComplaintAdmin(CaseworkAdmin, AtRiskAdminMixin, DualCalendarDatesAdmin,
                              ComplaintScopeMixin, ObjectActionsAdmin):
    """The ministry's queue: care-centre agents and monitors review and decide."""

    list_display = ["number", "staff_status", "provider", "item", "failure", "escalated_at",
                    "escalated_automatically", "pilgrim_waited", "assignee"]
    list_filter = [AssigneeFilter, ESCALATED_OPEN.list_filter(), "status",
                   "escalated_automatically", "item", "failure", "provider"]
    search_fields = ["number"]
    ordering = ["escalated_at"]
    inlines = [TransitionInline]
    readonly_fields = READONLY
    fieldsets = FIELDSETS
    readonly_page = True
    canned_targets = ("reply",)
    object_actions = MINISTRY_ACTIONS
    actions = list_actions(MINISTRY_ACTIONS, "review", "uphold", "dismiss", "close")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            status__in=[*MINISTRY_OPEN, Status.UPHELD, Status.DISMISSED])

    @admin.display(description=_("escalated since"))
    def pilgrim_waited(self, obj):
        return calendars.format_dual_datetime(obj.escalated_at) if obj.escalated_at else "-"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SanctionForm(forms.ModelForm):
    class Meta:
        model = Sanction
        fields = ["provider", "kind", "fine_amount", "seasons", "from_season", "reason",
                  "complaints"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (kind == Sanction.Kind.FINE and not data.get("fine_amount")) or (
                kind == Sanction.Kind.SUSPENSION and not data.get("seasons")):
            raise forms.ValidationError(ComplaintError("sanction_details").message)
        return data


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyPageAdmin, admin.ModelAdmin):
    form = SanctionForm
    list_display = ["provider", "kind", "fine_amount", "seasons", "from_season", "decided_at",
                    "decided_by"]
    list_filter = ["kind", "provider"]
    fields = ["provider", "kind", "fine_amount", "seasons", "from_season", "reason",
              "complaints"]
    filter_horizontal = ["complaints"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        sanction = services.sanction_impose(
            provider=data["provider"], kind=data["kind"], reason=data["reason"],
            acting_user=request.user, fine_amount=data.get("fine_amount"),
            seasons=data.get("seasons"),
            from_season=data.get("from_season"), complaints=list(data["complaints"]))
        obj.pk = sanction.pk
        obj.decided_by, obj.decided_at = sanction.decided_by, sanction.decided_at

    def save_related(self, request, form, formsets, change):
        pass  # the service recorded the complaints behind the sanction


@admin.register(Policy)
class PolicyAdmin(RuleChangeAdmin, admin.ModelAdmin):
    list_display = ["season", "default_corrective_minutes", "acknowledge_working_days",
                    "max_files", "max_file_mb"]
    list_filter = ["season"]


def _due_panel(user, now):
    """The dashboard's complaints: for staff who may open the complaints' admin."""
    if not user.has_perm("complaints.view_complaint"):
        return None
    due = selectors.complaints_due_today_for_staff(user=user, now=now)
    listing = reverse("admin:complaints_complaint_changelist")
    return DuePanel(
        title=_("Complaints"), list_url=DUE_TODAY.url(listing),
        counts=DUE_TODAY.counts(due, listing),
        items=[_complaint_item(item["complaint"], "complaint",
                               what=_("acknowledge by") if item["deadline"] == "ack"
                               else _("fix by"),
                               due_at=item["due_at"], overdue=item["overdue"])
               for item in due["items"]])


def _complaint_item(complaint, admin_model, **fields) -> DueItem:
    """A complaint as a dashboard item: its number, its page in `admin_model`'s admin and its
    state in staff wording, with the deadline fields the panel gives."""
    return DueItem(label=str(complaint), state=STAFF_STATUS_LABELS[complaint.status],
                   url=reverse(f"admin:complaints_{admin_model}_change", args=[complaint.pk]),
                   **fields)


def _escalated_panel(user, now):
    """The monitors' panel (anyone who may open the escalated queue): the complaints the
    ministry has still to decide, in the staff member's scope, the most overdue first."""
    if not user.has_perm("complaints.view_escalatedcomplaint"):
        return None
    escalated = selectors.complaints_escalated_for_staff(user=user, now=now)
    listing = reverse("admin:complaints_escalatedcomplaint_changelist")
    return DuePanel(
        title=_("Escalated complaints to decide"), list_url=ESCALATED_OPEN.url(listing),
        counts=ESCALATED_OPEN.counts(escalated, listing),
        items=[_complaint_item(item["complaint"], "escalatedcomplaint", what=_("fix by"),
                               due_at=item["complaint"].fix_due_at,
                               overdue=item["overdue_by"].total_seconds() > 0,
                               detail=_("overdue by %(duration)s") % {
                                   "duration": human_duration(item["overdue_by"])}
                               if item["overdue_by"].total_seconds() > 0 else "")
               for item in escalated["items"]])


due_today_register(key="complaints", order=10, panel=_due_panel)
due_today_register(key="complaints_escalated", order=15, panel=_escalated_panel)


@admin.register(ReportingAuthority)
class ReportingAuthorityAdmin(TranslatableAdmin):
    list_display = ["code", "__str__", "covers_provider_complaints", "covers_portal_complaints",
                    "covers_suggestions", "report_language", "is_active"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    """The reports the beat made; the files download for ministry monitors only
    (complaints.views.monthly_report_download checks the permission)."""

    list_display = ["month", "authority", "generated_at", "downloads"]
    list_filter = ["authority"]
    fields = ["authority", "month", "generated_at", "figures", "downloads"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("authority").defer(
            "csv_data", "pdf_data")

    @admin.display(description=_("download"))
    def downloads(self, obj):
        return format_html('<a href="{}">CSV</a> · <a href="{}">PDF</a>',
                           reverse("complaints:report", args=[obj.pk, "csv"]),
                           reverse("complaints:report", args=[obj.pk, "pdf"]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
