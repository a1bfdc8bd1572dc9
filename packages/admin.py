"""Back office for seasons, providers, packages and contracts.

Provider staff work here on their own company only (`ProviderScopedAdmin`): they see and
edit their packages, channels and contracts, never another company's. Ministry staff
approve packages for publication. Every state change goes through packages.services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin, TranslatableTabularInline

from accounts.admin_scoping import ProviderScopedAdmin, ReadOnlyInline
from accounts.roles import is_ministry_admin, is_provider_staff, provider_for_staff
from portal import calendars
from portal.admin_dates import DualCalendarDatesAdmin
from portal.admin_rule_changes import RuleChangeAdmin
from portal.hijri import hijri_to_gregorian

from . import refunding, selectors, services, versions
from .errors import PackageError
from .models import (
    Contract,
    ContractClient,
    Instalment,
    InstalmentStep,
    MealWindow,
    Package,
    PackageVersion,
    PaymentAttempt,
    Provider,
    ProviderChannel,
    RefundPart,
    RefundRule,
    Season,
    ServiceLevel,
    VersionServiceLevel,
)

# --- Seasons ----------------------------------------------------------------------------


class RefundRuleInline(TranslatableTabularInline):
    """A season's windows at a glance; an existing window is edited on its own page, where
    the change is previewed and saved with a reason (RefundRuleAdmin)."""

    model = RefundRule
    extra = 0
    fields = ["position", "code", "permit_states", "starts_on", "ends_on", "deduction_percent",
              "deduct_service_fee", "description"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        # Rows of a saved season are read here; a window is added or edited on its own page.
        return self.fields if obj is not None and obj.pk else []

    def has_add_permission(self, request, obj=None):
        return (obj is None or not obj.pk) and super().has_add_permission(request, obj)


@admin.register(RefundRule)
class RefundRuleAdmin(RuleChangeAdmin, TranslatableAdmin):
    reaches_signed_contracts = True
    list_display = ["season", "position", "code", "starts_on", "ends_on", "deduction_percent",
                    "deduct_service_fee"]
    list_filter = ["season"]
    fields = ["season", "position", "code", "permit_states", "starts_on", "ends_on",
              "deduction_percent", "deduct_service_fee", "description"]

    def get_readonly_fields(self, request, obj=None):
        return ["season"] if obj else []


class InstalmentStepInline(admin.TabularInline):
    model = InstalmentStep
    extra = 0


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["year", "is_published", "track_opens", "track_closes", "service_fee"]
    # Published only through the action, which only a ministry administrator may run.
    readonly_fields = ["is_published", "gregorian_dates"]
    inlines = [RefundRuleInline, InstalmentStepInline]
    actions = ["open_next", "publish"]

    @admin.action(description=_("Open the next season from the selected one (as a draft)"),
                  permissions=["add"])
    def open_next(self, request, queryset):
        for season in queryset.order_by("year"):
            try:
                opened = services.season_open_next(season=season, acting_user=request.user)
            except PackageError as error:
                self.message_user(request, error.message, messages.ERROR)
                continue
            self.message_user(request, _("%(season)s is opened from %(source)s as a draft: "
                                         "check its rules, then publish it.") % {
                "season": opened, "source": season}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected seasons"), permissions=["publish"])
    def publish(self, request, queryset):
        for season in queryset.filter(is_published=False).order_by("year"):
            try:
                services.season_publish(season=season, acting_user=request.user)
            except PackageError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            self.message_user(request, _("%(season)s is published.") % {"season": season},
                              messages.SUCCESS)

    def has_publish_permission(self, request):
        return is_ministry_admin(request.user)

    @admin.display(description=_("Key dates in both calendars"))
    def gregorian_dates(self, obj):
        if obj is None or not obj.pk:
            return "-"
        dates = [f"{label}: {calendars.format_dual(obj.gregorian(name))}"
                 for name, label in Season.KEY_DATES]
        # Derived from the no-refund row, never entered on its own (selectors.sales_close_on).
        dates.append(_("Sales closed from %(day)s") % {
            "day": calendars.format_dual(selectors.sales_close_on(obj))})
        # The refund windows are the rules' own dates (one source), shown with the others.
        opens, closes = obj.gregorian("track_opens"), obj.gregorian("track_closes")
        for rule in obj.refund_rules.order_by("position"):
            if rule.starts_on or rule.ends_on:
                dates.append(_("Refund rule %(code)s: %(first)s to %(last)s") % {
                    "code": rule.code,
                    "first": calendars.format_dual(hijri_to_gregorian(rule.starts_on) or opens),
                    "last": calendars.format_dual(hijri_to_gregorian(rule.ends_on) or closes)})
        return " | ".join(dates)


# --- Providers and packages -------------------------------------------------------------


class ProviderChannelInline(admin.TabularInline):
    model = ProviderChannel
    extra = 0

    def has_add_permission(self, request, obj=None):
        return True if is_provider_staff(request.user) else super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if is_provider_staff(request.user):
            return True
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_provider_staff(request.user):
            return True
        return super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        if is_provider_staff(request.user):
            return True
        return super().has_view_permission(request, obj)


@admin.register(Provider)
class ProviderAdmin(ProviderScopedAdmin, TranslatableAdmin):
    provider_path = ""
    provider_staff_may = ("view", "change")
    list_display = ["name", "licence_number", "licence_expires_on", "is_active"]
    search_fields = ["name", "licence_number"]
    inlines = [ProviderChannelInline]

    def get_readonly_fields(self, request, obj=None):
        # The licence is the ministry's to record, not the company's.
        if is_provider_staff(request.user):
            return ["name", "licence_number", "licence_expires_on", "is_active"]
        return []


def _frozen(obj) -> bool:
    """An approved package (or a version past its draft) is read-only for everyone."""
    if isinstance(obj, PackageVersion):
        return not obj.is_editable
    return bool(obj is not None and getattr(obj, "current_version_id", None))


class ServiceLevelInline(admin.TabularInline):
    """The table of a package never approved (an approved one changes by a new version)."""

    model = ServiceLevel
    extra = 0

    def _allowed(self, request, obj=None):
        return is_provider_staff(request.user)

    def has_add_permission(self, request, obj=None):
        if _frozen(obj):
            return False
        return self._allowed(request) or super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if _frozen(obj):
            return False
        return self._allowed(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _frozen(obj):
            return False
        return self._allowed(request) or super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) or super().has_view_permission(request, obj)


class VersionServiceLevelInline(ServiceLevelInline):
    """The table of a version: the provider edits it while the version is a draft."""

    model = VersionServiceLevel


@admin.register(Package)
class PackageAdmin(ProviderScopedAdmin, TranslatableAdmin):
    provider_staff_may = ("view", "change", "add")
    list_display = ["__str__", "provider", "season", "category", "price", "places_total",
                    "places_sold", "status"]
    list_filter = ["season", "status", "category", "departure_city"]
    search_fields = ["translations__name", "provider__name"]
    readonly_fields = ["places_sold", "status", "approved_by", "approved_at", "current_version"]
    inlines = [ServiceLevelInline]
    actions = ["submit_for_approval", "approve", "withdraw", "propose_change"]

    def has_change_permission(self, request, obj=None):
        # Once approved, the package is a copy of its approved version: nobody edits it here
        # (a change is proposed as a new version), and a forged POST is refused.
        if _frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "provider" and is_provider_staff(request.user):
            provider = provider_for_staff(request.user)
            kwargs["queryset"] = Provider.objects.filter(pk=getattr(provider, "pk", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if is_provider_staff(request.user):
            obj.provider = provider_for_staff(request.user)
        try:
            versions.package_save_unapproved(package=obj, acting_user=request.user)
        except PackageError as error:
            raise PermissionDenied(error.message) from error

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_ministry_admin(request.user):
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

    @admin.action(description=_("Propose a change (a new version for the ministry)"))
    def propose_change(self, request, queryset):
        self._run(request, queryset, versions.package_change_propose)


class PackageVersionRejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), widget=forms.Textarea,
                             max_length=2000)


@admin.register(PackageVersion)
class PackageVersionAdmin(ProviderScopedAdmin, TranslatableAdmin):
    """Provider staff edit their drafts and submit them; the ministry approves or rejects
    submitted versions. A version past its draft is read-only for everyone."""

    provider_path = "package__provider"
    provider_staff_may = ("view", "change")
    list_display = ["__str__", "package", "number", "status", "price", "lowers_service",
                    "decided_at"]
    list_filter = ["status", "package__season"]
    search_fields = ["package__translations__name", "package__provider__name"]
    readonly_fields = ["package", "number", "status", "lowers_service", "reason", "proposed_by",
                       "decided_by", "decided_at", "created_at"]
    inlines = [VersionServiceLevelInline]
    actions = ["submit_for_approval", "approve", "approve_lowering", "reject"]
    MINISTRY_ACTIONS = ("approve", "approve_lowering", "reject")

    def has_add_permission(self, request):
        return False  # a version starts as "Propose a change" on its package

    def has_change_permission(self, request, obj=None):
        if _frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _frozen(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_ministry_admin(request.user):
            for name in self.MINISTRY_ACTIONS:
                actions.pop(name, None)
        return actions

    def save_model(self, request, obj, form, change):
        try:
            versions.package_version_save(version=obj, acting_user=request.user)
        except PackageError as error:
            raise PermissionDenied(error.message) from error

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            try:
                versions.package_version_check_editable(version=form.instance)
            except PackageError as error:
                raise PermissionDenied(error.message) from error
            formset.save()

    def _run(self, request, queryset, service, **kwargs):
        done = 0
        for version in queryset:
            try:
                service(version=version, acting_user=request.user, **kwargs)
                done += 1
            except PackageError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)s version(s) updated.") % {"count": done})

    @admin.action(description=_("Submit for ministry approval"))
    def submit_for_approval(self, request, queryset):
        self._run(request, queryset, versions.package_version_submit)

    @admin.action(description=_("Approve and put on sale"))
    def approve(self, request, queryset):
        self._run(request, queryset, versions.package_version_approve)

    @admin.action(description=_("Approve and put on sale: it lowers a service level"))
    def approve_lowering(self, request, queryset):
        self._run(request, queryset, versions.package_version_approve, lowers_service=True)

    @admin.action(description=_("Reject with a reason"))
    def reject(self, request, queryset):
        form = PackageVersionRejectForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            self._run(request, queryset, versions.package_version_reject,
                      reason=form.cleaned_data["reason"])
            return None
        return TemplateResponse(request, "admin/packages/packageversion/reject.html", {
            **self.admin_site.each_context(request), "title": _("Reject with a reason"),
            "form": form, "versions": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


# --- Contracts --------------------------------------------------------------------------


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
class ContractAdmin(DualCalendarDatesAdmin, ProviderScopedAdmin):
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
    list_display = ["instalment", "amount", "refunded_amount", "status", "gateway_reference",
                    "created_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in PaymentAttempt._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(RefundPart)
class RefundPartAdmin(ProviderScopedAdmin):
    """Refunds on their way to the card, one row per payment they reverse. A failed one
    (refused, settled failed, out of attempts) waits here for staff to send it again."""

    provider_path = "refund__contract__provider"
    list_display = ["refund", "payment", "amount", "status", "attempts", "outcome_unknown",
                    "last_error", "settled_at"]
    list_filter = ["status", "outcome_unknown"]
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in RefundPart._meta.fields]

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        # Sending money is the ministry's staff's to decide, never a provider's.
        actions = super().get_actions(request)
        if not is_ministry_admin(request.user):
            actions.pop("send_again", None)
        return actions

    @admin.action(description=_("Send the failed refund payment again"))
    def send_again(self, request, queryset):
        done = 0
        for part in queryset:
            try:
                refunding.refund_part_retry(part=part, acting_user=request.user)
                done += 1
            except PackageError as error:
                self.message_user(request, f"{part}: {error.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)s record(s) updated.") % {"count": done})


@admin.register(MealWindow)
class MealWindowAdmin(admin.ModelAdmin):
    """The announced meal windows per season, and a package's own where it differs."""

    list_display = ["season", "package", "meal", "opens", "opens_at", "closes_at"]
    list_filter = ["season", "meal"]
    raw_id_fields = ["package"]
