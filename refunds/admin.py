"""Refunds and exemption claims for provider and ministry staff (provider staff: their own
company's only). Approving, paying and deciding go through refunds.services."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ProviderScopedAdmin, ReadOnlyInline
from accounts.roles import is_ministry_admin

from . import services
from .errors import RefundError
from .models import ExemptionClaim, ExemptionDocument, Refund


class ServiceActionsMixin:
    def _run(self, request, queryset, action, **kwargs):
        done = 0
        for obj in queryset:
            try:
                action(obj, request.user, **kwargs)
                done += 1
            except RefundError as exc:
                self.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)s record(s) updated.") % {"count": done})


@admin.register(Refund)
class RefundAdmin(ServiceActionsMixin, ProviderScopedAdmin):
    provider_path = "contract__provider"
    provider_staff_may = ("view", "change")
    list_display = ["contract", "reason", "rule_code", "amount_paid", "deduction", "amount",
                    "status", "created_at"]
    list_filter = ["status", "reason", "rule_code"]
    search_fields = ["contract__pilgrim__email", "contract__contact_mobile"]
    # No "mark paid": a refund is paid when the payment gateway settles it (packages.refunding).
    actions = ["approve"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Refund._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve the refund"))
    def approve(self, request, queryset):
        self._run(request, queryset,
                  lambda refund, user: services.refund_approve(refund=refund, acting_user=user))



class ExemptionDocumentInline(ReadOnlyInline):
    model = ExemptionDocument
    fields = ["document_link", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("document"))
    def document_link(self, obj):
        # Uploads are never served directly: the staff-only view checks who asks.
        url = reverse("refunds:document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.file.name.rsplit("/", 1)[-1])


@admin.register(ExemptionClaim)
class ExemptionClaimAdmin(ServiceActionsMixin, ProviderScopedAdmin):
    provider_path = "contract__provider"
    # The reference is the one the pilgrim received by SMS and quotes when calling.
    list_display = ["reference", "contract", "kind", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind"]
    inlines = [ExemptionDocumentInline]
    actions = ["approve", "reject"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ExemptionClaim._meta.fields]

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        # Exemptions are the ministry's decision (RULES.md section 6: reviewed by staff).
        actions = super().get_actions(request)
        if not is_ministry_admin(request.user):
            actions.pop("approve", None)
            actions.pop("reject", None)
        return actions

    @admin.action(description=_("Approve: full refund"))
    def approve(self, request, queryset):
        self._run(request, queryset, lambda claim, user: services.exemption_decide(
            claim=claim, approve=True, acting_user=user))

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        self._run(request, queryset, lambda claim, user: services.exemption_decide(
            claim=claim, approve=False, acting_user=user))
