"""Back office for seasons, providers, packages and contracts.

Provider staff work here on their own company only (`ProviderScopedAdmin`): they see and
edit their packages, channels and contracts, never another company's. Ministry staff
approve packages for publication. Every state change goes through packages.services.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin, TranslatableTabularInline

from accounts.roles import MINISTRY_ADMIN, PROVIDER_STAFF, provider_for_staff, user_has_role
from portal import calendars

from . import services
from .errors import PackageError
from .models import (
    Contract,
    ContractClient,
    Instalment,
    InstalmentStep,
    Package,
    PaymentAttempt,
    Provider,
    ProviderChannel,
    RefundRule,
    Season,
    ServiceLevel,
)


def is_provider_staff(request) -> bool:
    return not request.user.is_superuser and user_has_role(request.user, PROVIDER_STAFF)


def is_ministry(request) -> bool:
    return request.user.is_superuser or user_has_role(request.user, MINISTRY_ADMIN)


class ProviderScopedAdmin(admin.ModelAdmin):
    """Object-level rule: provider staff reach only rows of their own provider.

    `provider_path` is the lookup from the model to its provider ("" for Provider itself);
    `provider_staff_may` lists what provider staff may do here (view, change, add).
    """

    provider_path = "provider"
    provider_staff_may = ("view",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_provider_staff(request):
            return queryset
        provider = provider_for_staff(request.user)
        if provider is None:
            return queryset.none()
        return queryset.filter(**{self.provider_path or "pk": provider.pk})

    def _own(self, request, obj):
        provider = provider_for_staff(request.user)
        if provider is None:
            return False
        if obj is None:
            return True
        target = obj
        for part in filter(None, self.provider_path.split("__")):
            target = getattr(target, part)
        return target.pk == provider.pk

    def _staff_may(self, action, request, obj=None):
        return action in self.provider_staff_may and self._own(request, obj)

    def has_module_permission(self, request):
        if is_provider_staff(request):
            return self._own(request, None)
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if is_provider_staff(request):
            return self._staff_may("view", request, obj) or self._staff_may("change", request,
                                                                             obj)
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if is_provider_staff(request):
            return self._staff_may("change", request, obj)
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        if is_provider_staff(request):
            return self._staff_may("add", request)
        return super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        if is_provider_staff(request):
            return False
        return super().has_delete_permission(request, obj)


# --- Seasons ----------------------------------------------------------------------------


class RefundRuleInline(TranslatableTabularInline):
    model = RefundRule
    extra = 0
    fields = ["position", "code", "permit_states", "starts_on", "ends_on", "deduction_percent",
              "deduct_service_fee", "description"]


class InstalmentStepInline(admin.TabularInline):
    model = InstalmentStep
    extra = 0


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["year", "is_published", "track_opens", "track_closes", "service_fee"]
    readonly_fields = ["gregorian_dates"]
    inlines = [RefundRuleInline, InstalmentStepInline]

    @admin.display(description=_("Key dates in both calendars"))
    def gregorian_dates(self, obj):
        if obj is None or not obj.pk:
            return "-"
        return " | ".join(f"{label}: {calendars.format_dual(obj.gregorian(name))}"
                          for name, label in Season.KEY_DATES)


# --- Providers and packages -------------------------------------------------------------


class ProviderChannelInline(admin.TabularInline):
    model = ProviderChannel
    extra = 0

    def has_add_permission(self, request, obj=None):
        return True if is_provider_staff(request) else super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if is_provider_staff(request):
            return True
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_provider_staff(request):
            return True
        return super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return True if is_provider_staff(request) else super().has_view_permission(request, obj)


@admin.register(Provider)
class ProviderAdmin(ProviderScopedAdmin, TranslatableAdmin):
    provider_path = ""
    provider_staff_may = ("view", "change")
    list_display = ["name", "licence_number", "licence_expires_on", "is_active"]
    search_fields = ["name", "licence_number"]
    inlines = [ProviderChannelInline]

    def get_readonly_fields(self, request, obj=None):
        # The licence is the ministry's to record, not the company's.
        if is_provider_staff(request):
            return ["name", "licence_number", "licence_expires_on", "is_active"]
        return []


class ServiceLevelInline(admin.TabularInline):
    model = ServiceLevel
    extra = 0

    def _allowed(self, request, obj=None):
        return is_provider_staff(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request) or super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) or super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) or super().has_view_permission(request, obj)


@admin.register(Package)
class PackageAdmin(ProviderScopedAdmin, TranslatableAdmin):
    provider_staff_may = ("view", "change", "add")
    list_display = ["__str__", "provider", "season", "category", "price", "places_total",
                    "places_sold", "status"]
    list_filter = ["season", "status", "category", "departure_city"]
    search_fields = ["translations__name", "provider__name"]
    readonly_fields = ["places_sold", "status", "approved_by", "approved_at"]
    inlines = [ServiceLevelInline]
    actions = ["submit_for_approval", "approve", "withdraw"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "provider" and is_provider_staff(request):
            provider = provider_for_staff(request.user)
            kwargs["queryset"] = Provider.objects.filter(pk=getattr(provider, "pk", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if is_provider_staff(request):
            obj.provider = provider_for_staff(request.user)
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_ministry(request):
            actions.pop("approve", None)
        return actions

    def _run(self, request, queryset, service, **kwargs):
        done = 0
        for package in queryset:
            try:
                service(package=package, acting_user=request.user, **kwargs)
                done += 1
            except PackageError as exc:
                self.message_user(request, f"{package}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)s package(s) updated.") % {"count": done})

    @admin.action(description=_("Submit for ministry approval"))
    def submit_for_approval(self, request, queryset):
        self._run(request, queryset, services.package_submit)

    @admin.action(description=_("Approve and publish"))
    def approve(self, request, queryset):
        self._run(request, queryset, services.package_approve)

    @admin.action(description=_("Withdraw from sale"))
    def withdraw(self, request, queryset):
        self._run(request, queryset, services.package_withdraw)


# --- Contracts --------------------------------------------------------------------------


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


class ContractClientInline(ReadOnlyInline):
    model = ContractClient
    fields = ["full_name", "id_type", "relationship", "is_mahram", "gender", "mobile",
              "is_active"]
    readonly_fields = fields


class InstalmentInline(ReadOnlyInline):
    model = Instalment
    fields = ["position", "amount", "due_at", "status", "paid_at"]
    readonly_fields = fields


@admin.register(Contract)
class ContractAdmin(ProviderScopedAdmin):
    list_display = ["reference", "pilgrim", "provider", "package", "season", "clients", "value",
                    "status", "created_at"]
    list_filter = ["season", "status", "payment_plan"]
    search_fields = ["pilgrim__email", "contact_mobile", "provider__name"]
    inlines = [ContractClientInline, InstalmentInline]

    def get_readonly_fields(self, request, obj=None):
        # Contracts change only through the pilgrim's actions and the services.
        return [field.name for field in Contract._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ProviderScopedAdmin):
    provider_path = "instalment__contract__provider"
    list_display = ["instalment", "amount", "status", "gateway_reference", "created_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in PaymentAttempt._meta.fields]

    def has_add_permission(self, request):
        return False
