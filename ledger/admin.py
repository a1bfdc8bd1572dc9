"""The ledger in the back office: read only, for everyone (the ledger is written by services
only, and PostgreSQL refuses any change to a row anyway).

Ministry staff with the view permission (monitors, ministry administrators) see every
provider; provider staff see only the transfers that moved their own company's money, and
only their own statements. The provider a staff member works for comes from
accounts.roles.provider_for_staff, of which the ledger reads the id only, so it needs no
import of packages (which sits above it).
"""

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ReadOnlyInline
from accounts.roles import is_provider_staff, provider_for_staff

from . import selectors
from .errors import LedgerError
from .exports import statement_csv
from .models import Account, Entry, Transfer
from .money import checked_currency


def own_provider_id(request) -> int | None:
    """The provider id a member of provider staff is held to (0: none, sees nothing); None
    for anyone else, who is not held to one."""
    if not is_provider_staff(request.user):
        return None
    provider = provider_for_staff(request.user)
    return provider.pk if provider else 0


def provider_names(ids) -> dict[int, str]:
    """Providers' legal names for labels. The ledger keeps bare ids (packages sits above
    it); the names are read through the app registry (how a lower app reads an upper one's
    rows, README: architecture), never through packages' code."""
    try:
        provider = apps.get_model("packages", "Provider")
    except LookupError:
        return {}
    return dict(provider.objects.filter(pk__in=ids).values_list("pk", "name"))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


class _AccountFieldFilter(admin.SimpleListFilter):
    field = ""

    def lookups(self, request, model_admin):
        accounts = Account.objects.all()
        own = own_provider_id(request)
        if own is not None:
            accounts = accounts.filter(provider_id=own)
        values = list(accounts.order_by(self.field).values_list(self.field, flat=True)
                      .distinct())
        labels = self.labels(values)
        return [(str(value), labels.get(value, str(value))) for value in values]

    def labels(self, values):
        return {}

    def queryset(self, request, queryset):
        value = _int(self.value())
        if value is None:
            return queryset
        return queryset.filter(pk__in=Entry.objects.filter(
            **{f"account__{self.field}": value}).values("transfer_id"))


class ProviderFilter(_AccountFieldFilter):
    title = _("provider")
    parameter_name = "provider"
    field = "provider_id"

    def labels(self, values):
        return provider_names(values)


class SeasonFilter(_AccountFieldFilter):
    title = _("season")
    parameter_name = "season"
    field = "season_id"


class EntryInline(ReadOnlyInline):
    model = Entry
    fields = ["account", "amount", "currency"]
    readonly_fields = fields


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "kind", "moved", "source", "source_id", "memo"]
    list_filter = ["kind", ProviderFilter, SeasonFilter]
    search_fields = ["key", "source_id", "memo"]
    inlines = [EntryInline]
    readonly_fields = ["kind", "key", "source", "source_id", "memo", "acting_user_id",
                       "created_at"]
    fields = readonly_fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("entries")
        own = own_provider_id(request)
        if own is not None:
            queryset = queryset & selectors.transfers_of_provider(provider_id=own)
        return queryset

    @admin.display(description=_("amount moved"))
    def moved(self, obj):
        # The sum of its positive legs: what a transfer moved (they equal its negative ones).
        return sum((entry.amount for entry in obj.entries.all() if entry.amount > 0), 0)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "statement_url": self.statement_url(request.GET.get("provider"),
                                                             request.GET.get("season"))}
        return super().changelist_view(request, extra_context)

    def statement_url(self, provider_id=None, season_id=None, currency=None, **more):
        url = reverse("admin:ledger_statement")
        query = {name: value for name, value in (("provider", provider_id),
                                                 ("season", season_id),
                                                 ("currency", currency), *more.items())
                 if value}
        return f"{url}?{urlencode(query)}" if query else url

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        own = own_provider_id(request)
        if own is None or obj is None:
            return own != 0
        return obj.entries.filter(account__provider_id=own).exists()

    def get_urls(self):
        return [path("statement/", self.admin_site.admin_view(self.statement_view),
                     name="ledger_statement"), *super().get_urls()]

    def statement_view(self, request):
        """A provider's season: balances, totals and every entry, as a page or as CSV
        (`format=csv`); without a provider and season chosen, the statements one may open."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        own = own_provider_id(request)
        provider_id, season_id = _int(request.GET.get("provider")), _int(request.GET.get(
            "season"))
        currency = request.GET.get("currency")
        if own is not None and provider_id not in (None, own):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Ledger statements")}
        if provider_id is None or season_id is None or not currency:
            found = [row for row in selectors.providers_and_seasons(
                provider_id=own if own is not None else provider_id)
                if season_id in (None, row[1])]
            names = provider_names({row[0] for row in found})
            context["statements"] = [
                {"provider": names.get(provider, provider), "season": season,
                 "currency": currency, "url": self.statement_url(provider, season, currency)}
                for provider, season, currency in found]
            return TemplateResponse(request, "admin/ledger/statements.html", context)
        try:
            currency = checked_currency(currency)
        except LedgerError as exc:
            raise BadRequest(exc.message) from None
        lines = selectors.statement(provider_id=provider_id, season_id=season_id,
                                    currency=currency)
        if request.GET.get("format") == "csv":
            response = HttpResponse(statement_csv(lines), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="statement-{provider_id}-{season_id}-{currency}.csv"')
            return response
        account_kinds, transfer_kinds = dict(Account.Kind.choices), dict(Transfer.Kind.choices)
        found = selectors.balances(provider_id=provider_id, season_id=season_id,
                                   currency=currency)
        moved = selectors.totals(provider_id=provider_id, season_id=season_id,
                                 currency=currency)
        context.update(
            title=_("Ledger statement"),
            provider=provider_names([provider_id]).get(provider_id, provider_id),
            season=season_id, currency=currency,
            lines=[(line, transfer_kinds[line.transfer_kind], account_kinds[line.account_kind])
                   for line in lines],
            balances=[(account_kinds[kind], amount) for kind, amount in found.items()],
            totals=[(transfer_kinds[kind], amount) for kind, amount in moved.items()],
            csv_url=self.statement_url(provider_id, season_id, currency, format="csv"))
        return TemplateResponse(request, "admin/ledger/statement.html", context)
