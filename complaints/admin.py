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

from accounts import roles
from portal import calendars
from portal.admin_actions import NoteForm, service_action
from portal.admin_rule_changes import RuleChangeAdmin

from . import services
from .errors import ComplaintError
from .models import (
    FINAL,
    MINISTRY_OPEN,
    Channel,
    Complaint,
    EscalatedComplaint,
    Policy,
    Sanction,
    Status,
    Transition,
)

READONLY = ["number", "status", "pilgrim", "about", "contract", "provider", "season", "item",
            "failure", "description", "occurred_at", "channel", "logged_by", "created_at",
            "corrective_period_minutes", "ack_due_at", "acknowledged_at", "fix_due_at",
            "resolved_at", "resolution_note", "fixed_late", "paused_at", "paused_seconds",
            "escalated_at", "escalated_automatically", "review_started_at", "decided_at",
            "decided_by", "decision_reason", "closed_at", "attachment_links"]


def time_left(obj, due):
    if obj.status in FINAL or obj.status in (Status.RESOLVED, Status.UPHELD, Status.DISMISSED):
        return "-"
    if obj.status == Status.WAITING_PILGRIM:
        return _("paused (waiting on the pilgrim)")
    left = due - timezone.now()
    minutes = int(abs(left.total_seconds()) // 60)
    text = _("%(hours)sh %(minutes)smin") % {"hours": minutes // 60, "minutes": minutes % 60}
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


class ComplaintScopeMixin:
    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("provider", "pilgrim")
        user = request.user
        if user.is_superuser or not roles.user_has_role(user, roles.PROVIDER_STAFF):
            return queryset
        provider = roles.provider_for_staff(user)
        return queryset.filter(provider=provider) if provider else queryset.none()

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj):
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("complaints:attachment", args=[a.token]), a.original_name)
             for a in obj.attachments.all()),
        ) or "-"


@admin.register(Complaint)
class ComplaintAdmin(ComplaintScopeMixin, admin.ModelAdmin):
    list_display = ["number", "status", "provider", "item", "failure", "channel",
                    "created_at", "fix_time_left", "ack_time_left"]
    list_filter = ["status", "item", "failure", "channel", "about", "escalated_automatically",
                   "fixed_late"]
    search_fields = ["number"]
    ordering = ["fix_due_at"]
    inlines = [TransitionInline]
    raw_id_fields = ["pilgrim", "contract"]

    @admin.display(description=_("time left to fix"), ordering="fix_due_at")
    def fix_time_left(self, obj):
        return time_left(obj, obj.fix_due_at)

    @admin.display(description=_("time left to acknowledge"), ordering="ack_due_at")
    def ack_time_left(self, obj):
        if obj.acknowledged_at:
            return "-"
        return time_left(obj, obj.ack_due_at)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = LogComplaintForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return LogComplaintForm.Meta.fields if obj is None else READONLY

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

    actions = [
        service_action(name="acknowledge", description=_("Acknowledge"),
                       call=lambda c, user, data: services.complaint_acknowledge(
                           complaint=c, acting_user=user), errors=ComplaintError),
        service_action(name="start", description=_("Start work"),
                       call=lambda c, user, data: services.complaint_start(complaint=c,
                                                                           acting_user=user),
                       errors=ComplaintError),
        service_action(name="resolve", description=_("Resolve with a note"),
                       call=lambda c, user, data: services.complaint_resolve(
                           complaint=c, acting_user=user, note=data["note"]),
                       errors=ComplaintError, form_class=NoteForm),
        service_action(name="ask_pilgrim", description=_("Ask the pilgrim for information"),
                       call=lambda c, user, data: services.complaint_request_info(
                           complaint=c, acting_user=user, question=data["note"]),
                       errors=ComplaintError, form_class=NoteForm),
    ]


@admin.register(EscalatedComplaint)
class EscalatedComplaintAdmin(ComplaintScopeMixin, admin.ModelAdmin):
    """The ministry's queue: care-centre agents and monitors review and decide."""

    list_display = ["number", "status", "provider", "item", "failure", "escalated_at",
                    "escalated_automatically", "pilgrim_waited"]
    list_filter = ["status", "escalated_automatically", "item", "failure", "provider"]
    search_fields = ["number"]
    ordering = ["escalated_at"]
    inlines = [TransitionInline]
    readonly_fields = READONLY
    fields = READONLY

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

    actions = [
        service_action(name="review", description=_("Take for review"),
                       call=lambda c, user, data: services.complaint_review_start(
                           complaint=c, acting_user=user), errors=ComplaintError),
        service_action(name="uphold", description=_("Uphold (give the reasons)"),
                       call=lambda c, user, data: services.complaint_decide(
                           complaint=c, acting_user=user, upheld=True, reason=data["note"]),
                       errors=ComplaintError, form_class=NoteForm),
        service_action(name="dismiss", description=_("Dismiss (give the reasons)"),
                       call=lambda c, user, data: services.complaint_decide(
                           complaint=c, acting_user=user, upheld=False, reason=data["note"]),
                       errors=ComplaintError, form_class=NoteForm),
        service_action(name="close", description=_("Close"),
                       call=lambda c, user, data: services.complaint_close(complaint=c,
                                                                           acting_user=user),
                       errors=ComplaintError),
    ]


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
class SanctionAdmin(admin.ModelAdmin):
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
