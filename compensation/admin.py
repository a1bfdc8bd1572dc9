"""Back office of the compensation annex (rules as data) and of the claims.

Claims are sorted by their decision deadline with the time left (overdue marked); the
ministry approves or rejects with reasons, records the cost of its own provision, and pays
from the provider's withheld guarantee or has the provider pay. Every action is a service.
What the guarantee did not cover is a provider's debt (deadline, overdue marked, settled by
the ministry); each provider's season shows whether its guarantee is held, and why, or
released. Provider staff see their own company's rows only.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import roles
from portal.admin_actions import AmountForm, NoteForm, service_action
from portal.admin_rule_changes import RuleChangeAdmin

from . import payouts, services
from .errors import CompensationError
from .models import (
    AnnexRule,
    Claim,
    GuaranteeRelease,
    Payout,
    ProviderDebt,
    SeasonPolicy,
)


def own_provider_rows(queryset, request):
    """Provider staff see their own company's rows; ministry staff see every provider's."""
    user = request.user
    if user.is_superuser or not roles.user_has_role(user, roles.PROVIDER_STAFF):
        return queryset
    provider = roles.provider_for_staff(user)
    return queryset.filter(provider=provider) if provider else queryset.none()


def time_left(due_at) -> str:
    """Days and hours until `due_at`, or how long overdue, flagged."""
    left = due_at - timezone.now()
    hours = int(abs(left.total_seconds()) // 3600)
    text = _("%(days)sd %(hours)sh") % {"days": hours // 24, "hours": hours % 24}
    if left.total_seconds() < 0:
        return format_html('<strong class="claim-overdue">⚠ {} {}</strong>', _("overdue by"), text)
    return text


@admin.register(AnnexRule)
class AnnexRuleAdmin(RuleChangeAdmin, admin.ModelAdmin):
    list_display = ["season", "item", "failure", "percent", "floor", "cap",
                    "corrective_period_minutes", "repeat_rule", "repeat_percent",
                    "ministry_provides", "has_note"]
    list_filter = ["season", "failure", "item", "repeat_rule"]
    fieldsets = [
        (None, {"fields": ["season", "item", "failure", "note"]}),
        (_("Amount"), {"fields": ["percent", "floor", "cap", "repeat_rule", "repeat_percent",
                                  "ministry_provides", "must_still_deliver"]}),
        (_("Corrective period"), {"fields": ["corrective_period_minutes"]}),
    ]

    @admin.display(boolean=True, description=_("note"))
    def has_note(self, obj):
        return bool(obj.note)

    def get_readonly_fields(self, request, obj=None):
        return ["season", "item", "failure"] if obj else []


@admin.register(SeasonPolicy)
class SeasonPolicyAdmin(admin.ModelAdmin):
    list_display = ["season", "decision_days", "debt_working_days"]

    def get_readonly_fields(self, request, obj=None):
        return ["season"] if obj else []


CLAIM_FIELDS = ["complaint", "status", "pilgrim", "provider", "contract", "season", "item",
                "failure", "trigger", "occurrence", "package_value", "amount", "rule_text",
                "ministry_provides", "ministry_cost", "decide_due_at", "escalated_at",
                "decided_at", "decided_by", "decision_reason", "paid_from", "paid_at",
                "created_at"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["complaint", "status", "provider", "item", "failure", "amount",
                    "ministry_provides", "decision_time_left", "paid_from"]
    list_filter = ["status", "item", "failure", "paid_from", "ministry_provides", "trigger"]
    search_fields = ["complaint__number"]
    ordering = ["decide_due_at"]
    fields = CLAIM_FIELDS
    readonly_fields = CLAIM_FIELDS

    def get_queryset(self, request):
        return own_provider_rows(
            super().get_queryset(request).select_related("complaint", "provider"), request)

    @admin.display(description=_("time left to decide"), ordering="decide_due_at")
    def decision_time_left(self, obj):
        return time_left(obj.decide_due_at) if obj.status == Claim.Status.PENDING else "-"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    actions = [
        service_action(name="approve", description=_("Approve"),
                       call=lambda c, user, data: services.claim_decide(
                           claim=c, acting_user=user, approve=True), errors=CompensationError),
        service_action(name="approve_provision",
                       description=_("Approve, recording the cost of the ministry's provision"),
                       call=lambda c, user, data: services.claim_decide(
                           claim=c, acting_user=user, approve=True, ministry_cost=data["amount"]),
                       errors=CompensationError, form_class=AmountForm),
        service_action(name="reject", description=_("Reject (give the reasons)"),
                       call=lambda c, user, data: services.claim_decide(
                           claim=c, acting_user=user, approve=False, reason=data["note"]),
                       errors=CompensationError, form_class=NoteForm),
        service_action(name="pay_from_guarantee",
                       description=_("Pay from the provider's withheld guarantee"),
                       call=lambda c, user, data: services.claim_pay(
                           claim=c, acting_user=user, paid_from=Claim.PaidFrom.GUARANTEE),
                       errors=CompensationError),
        service_action(name="paid_by_provider", description=_("Record as paid by the provider"),
                       call=lambda c, user, data: services.claim_pay(
                           claim=c, acting_user=user, paid_from=Claim.PaidFrom.PROVIDER),
                       errors=CompensationError),
    ]


DEBT_FIELDS = ["claim", "provider", "season", "amount", "status", "due_at", "escalated_at",
               "settled_at", "settled_by", "created_at"]


@admin.register(ProviderDebt)
class ProviderDebtAdmin(admin.ModelAdmin):
    list_display = ["claim", "provider", "season", "amount", "status", "payment_time_left",
                    "escalated_at"]
    list_filter = ["status", "season"]
    search_fields = ["claim__complaint__number", "provider__name"]
    ordering = ["due_at"]
    fields = DEBT_FIELDS
    readonly_fields = DEBT_FIELDS

    def get_queryset(self, request):
        return own_provider_rows(super().get_queryset(request).select_related(
            "claim__complaint", "provider"), request)

    @admin.display(description=_("time left to pay"), ordering="due_at")
    def payment_time_left(self, obj):
        return time_left(obj.due_at) if obj.status == ProviderDebt.Status.OWED else "-"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    actions = [
        service_action(name="settle", description=_("Record as paid by the provider"),
                       call=lambda d, user, data: services.debt_settle(debt=d, acting_user=user),
                       errors=CompensationError),
    ]


RELEASE_FIELDS = ["provider", "season", "currency", "status", "reason", "amount", "transfer",
                  "checked_at", "released_at"]


@admin.register(GuaranteeRelease)
class GuaranteeReleaseAdmin(admin.ModelAdmin):
    """Written by the beat's release sweep only; staff read why a guarantee is held."""

    list_display = ["provider", "season", "status", "reason", "amount", "checked_at",
                    "released_at"]
    list_filter = ["status", "season"]
    search_fields = ["provider__name"]
    fields = RELEASE_FIELDS
    readonly_fields = RELEASE_FIELDS

    def get_queryset(self, request):
        return own_provider_rows(super().get_queryset(request).select_related("provider"),
                                 request)

    @admin.display(description=_("why it is held"))
    def reason(self, obj):
        return obj.reason or "-"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


PAYOUT_FIELDS = ["claim", "amount", "currency", "destination", "status", "attempts",
                 "outcome_unknown", "gateway_reference", "last_error", "created_at",
                 "settled_at"]


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    """Compensation on its way to the pilgrim through the payment gateway. A failed one
    (refused, settled failed, out of attempts, nowhere to send) waits here for the
    ministry's admins to send it again. The IBAN is shown masked."""

    list_display = ["claim", "amount", "destination", "status", "attempts", "outcome_unknown",
                    "last_error", "settled_at"]
    list_filter = ["status", "outcome_unknown"]
    search_fields = ["claim__complaint__number"]
    fields = PAYOUT_FIELDS
    readonly_fields = PAYOUT_FIELDS

    def get_queryset(self, request):
        return _own_claims(super().get_queryset(request).select_related("claim__complaint"),
                           request)

    @admin.display(description=_("paid to"))
    def destination(self, obj):
        return obj.destination_label

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    actions = [
        service_action(name="send_again", description=_("Send the failed payout again"),
                       call=lambda p, user, data: payouts.payout_retry(payout=p,
                                                                       acting_user=user),
                       errors=CompensationError),
    ]


def _own_claims(queryset, request):
    """Provider staff see the payouts of their own company's claims."""
    user = request.user
    if user.is_superuser or not roles.user_has_role(user, roles.PROVIDER_STAFF):
        return queryset
    provider = roles.provider_for_staff(user)
    return queryset.filter(claim__provider=provider) if provider else queryset.none()
