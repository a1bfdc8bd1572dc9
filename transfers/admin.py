"""Back office: rules as data, accredited agents, registrations, and the agents' queue of
matches they complete (only their own, through transfers.services)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from accounts import roles

from . import services
from .errors import TransferError
from .models import (
    AccreditedAgent,
    HeirClaim,
    HeirRefusal,
    Match,
    Offer,
    Province,
    Registration,
    TransferRequest,
    TransferRules,
)


@admin.register(TransferRules)
class TransferRulesAdmin(admin.ModelAdmin):
    list_display = ["season", "min_recipient_age", "completion_days", "agent_fee_cap",
                    "max_price"]
    list_filter = ["season"]


admin.site.register(Province, TranslatableAdmin)


@admin.register(AccreditedAgent)
class AccreditedAgentAdmin(admin.ModelAdmin):
    list_display = ["provider", "province", "accredited_until", "is_active"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "holder", "province", "status"]
    list_filter = ["due_year", "province", "status"]
    search_fields = ["=priority_number"]


@admin.register(Offer, TransferRequest)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "province", "status", "queued_at"]
    list_filter = ["status", "province"]

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the services (pages and matching)


class CompleteForm(forms.ModelForm):
    complete = forms.BooleanField(label=_("Originals checked: complete the transfer"),
                                  required=False)
    fee = forms.DecimalField(label=_("Agent fee (SAR)"), required=False, min_value=0)

    class Meta:
        model = Match
        fields = []


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    form = CompleteForm
    list_display = ["__str__", "status", "price", "deadline", "agent_shown"]
    list_filter = ["status"]
    readonly_fields = ["offer", "request", "status", "price", "holder_agent", "recipient_agent",
                       "agent_fee", "matched_at", "deadline", "completed_at", "completed_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(
            "offer__registration", "request__user", "holder_agent__provider")
        if request.user.is_superuser or roles.user_has_role(request.user, roles.MINISTRY_ADMIN):
            return queryset
        provider = roles.provider_for_staff(request.user)
        return queryset.filter(holder_agent__provider=provider,
                               recipient_agent__provider=provider)

    @admin.display(description=_("agent"))
    def agent_shown(self, obj):
        return obj.agent or "—"

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if not form.cleaned_data.get("complete"):
            return
        try:
            services.transfer_complete(match=obj, acting_user=request.user,
                                       agent_fee=form.cleaned_data.get("fee") or 0)
        except TransferError as error:
            messages.error(request, error.message)


class HeirClaimDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(label=_("Decision"), required=False, choices=[
        ("", "—"), ("approve", _("Approve: the heir becomes the holder")),
        ("refuse", _("Refuse"))])
    reason = forms.ChoiceField(label=_("Reason for refusal (sent to the heir)"),
                               required=False, choices=[("", "—"), *HeirRefusal.choices])

    class Meta:
        model = HeirClaim
        fields = []


@admin.register(HeirClaim)
class HeirClaimAdmin(admin.ModelAdmin):
    """Every claim is received as typed; staff see whether it matched a registration, read
    the probate document, and approve or refuse with a reason the heir receives by SMS."""

    form = HeirClaimDecisionForm
    list_display = ["__str__", "registration_shown", "claimant", "status", "filed_at"]
    list_filter = ["status", ("registration", admin.EmptyFieldListFilter)]
    actions = ["approve"]
    # The file is served by a view that checks the reader, never by its storage URL.
    readonly_fields = ["due_year", "priority_number", "holder_id_number", "registration_shown",
                       "claimant", "document", "status", "refusal_reason", "filed_at",
                       "decided_at", "decided_by"]
    fields = [*readonly_fields, "decision", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registration", "claimant")

    @admin.display(description=_("registration"))
    def registration_shown(self, obj):
        return obj.registration or _("no matching registration")

    @admin.display(description=_("probate document"))
    def document(self, obj):
        if not obj.token:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse(
            "transfers:probate_document", args=[obj.token]), obj.original_name or obj.token)

    def has_add_permission(self, request):
        return False  # heirs file claims on the portal, with the document

    @admin.action(description=_("Approve: the heir becomes the holder"))
    def approve(self, request, queryset):
        for claim in queryset:
            self._decide(request, claim, approve=True)

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision:
            self._decide(request, obj, approve=decision == "approve",
                         reason=form.cleaned_data.get("reason") or "")

    def _decide(self, request, claim, **decision):
        try:
            services.heir_claim_decide(claim=claim, acting_user=request.user, **decision)
        except TransferError as error:
            messages.error(request, error.message)
