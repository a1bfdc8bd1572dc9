"""Reads of the packages domain: what pilgrims may see and compare, what staff may touch."""

import functools
import hashlib
import re
import time as time_module
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from permits.selectors import hajj_request_by_reference
from portal import calendars, references
from portal.hijri import hijri_to_gregorian, parse_hijri
from portal.rule_changes import ContractChange, Impact
from portal.versions import ProcessCopies, version
from refunds.choices import PermitState
from refunds.errors import RefundError
from refunds.models import Refund
from refunds.policy import compute_refund, policy_with_rule, rule_snapshot
from refunds.services import contract_policy
from sla.dashboard import current_season_range
from sla.metrics import figures_by_provider
from sla.rollups import FIGURES_VERSION

from .models import (
    Contract,
    ContractVersionChange,
    Instalment,
    MealWindow,
    Package,
    PackageVersion,
    ProviderChannel,
    RefundPart,
    Season,
    ServiceLevel,
)


def package_publication_problems(*, package: Package) -> dict:
    """What still stops publication: missing mandatory channels and service rows (labels)."""
    kinds = set(package.provider.channels.values_list("kind", flat=True))
    services = set(package.service_levels.values_list("service", flat=True))
    return {
        "channels": [ProviderChannel.Kind(k).label for k in ProviderChannel.MANDATORY
                     if k not in kinds],
        "services": [ServiceLevel.Service(s).label for s in ServiceLevel.REQUIRED
                     if s not in services],
    }


def package_list_published(*, filters: dict | None = None) -> QuerySet[Package]:
    """Published packages of published seasons, filtered as the compare page asks.

    filters: season, category, city, camp_site, price_min, price_max, max_distance,
    provider, available (only with places left).
    """
    filters = filters or {}
    packages = (Package.objects.filter(status=Package.Status.PUBLISHED,
                                       season__is_published=True, provider__is_active=True)
                .select_related("provider", "season")
                .prefetch_related("translations", "provider__translations"))
    lookups = {
        "season": "season_id", "category": "category", "city": "departure_city",
        "camp_site": "camp_site", "price_min": "price__gte", "price_max": "price__lte",
        "max_distance": "distance_to_jamarat_m__lte", "provider": "provider_id",
    }
    for key, lookup in lookups.items():
        if filters.get(key) not in (None, ""):
            packages = packages.filter(**{lookup: filters[key]})
    if filters.get("available"):
        packages = packages.filter(places_sold__lt=F("places_total"))
    ordering = {"price": "price", "-price": "-price", "distance": "distance_to_jamarat_m"}
    return packages.order_by(ordering.get(filters.get("ordering"), "price"), "pk")


def provider_ratings(*, now: datetime | None = None) -> dict[int, Decimal]:
    """{provider id: satisfaction share} of every rated provider, over the range its public
    scorecard shows by default (the Hijri year to date), read by the SLA app's own selector
    in one query, so the list and the scorecard it links to never disagree. Kept per range
    under the SLA figures' version (every rollup write bumps it)."""
    _year, first_day, last_day = current_season_range(now=now)
    figures_version = version(FIGURES_VERSION)
    if figures_version is None:
        figures = figures_by_provider(first_day=first_day, last_day=last_day)
        return {pk: item.satisfaction for pk, item in figures.items()
                if item.satisfaction is not None}
    key = f"packages:provider-ratings:{figures_version}:{first_day}:{last_day}"
    stored = _ratings_kept.get(key) or cache.get(key)
    if stored is None:
        figures = figures_by_provider(first_day=first_day, last_day=last_day)
        stored = {"ratings": {pk: item.satisfaction for pk, item in figures.items()
                              if item.satisfaction is not None},
                  "until": time_module.time() + settings.FRAGMENT_CACHE_SECONDS}
        cache.set(key, stored, settings.FRAGMENT_CACHE_SECONDS)
    _ratings_kept.put(key, stored, until=stored["until"])
    return stored["ratings"]


# The ratings read from Redis are kept in the process too, until the Redis copy expires.
_ratings_kept = ProcessCopies()


def packages_rate(packages: Iterable[Package], *,
                  ratings: dict[int, Decimal] | None = None,
                  now: datetime | None = None) -> list[Package]:
    """The packages, each with `provider_rating` (a percent, or None: not yet rated)."""
    ratings = provider_ratings(now=now) if ratings is None else ratings
    packages = list(packages)
    for package in packages:
        package.provider_rating = ratings.get(package.provider_id)
    return packages


def _package_list_rated_query(*, filters: dict, ratings: dict[int, Decimal]
                              ) -> QuerySet[Package]:
    packages = package_list_published(filters=filters)
    minimum = filters.get("min_rating")
    if minimum is not None:
        packages = packages.filter(provider_id__in=[
            pk for pk, rating in ratings.items() if rating >= minimum])
    return packages


def package_list_rated(*, filters: dict | None = None, now: datetime | None = None,
                       ratings: dict[int, Decimal] | None = None) -> list[Package]:
    """package_list_published with each provider's rating; filters may add `min_rating`
    (percent): a provider not yet rated has nothing to show it meets a minimum, so its
    packages are hidden while one is asked for."""
    filters = filters or {}
    ratings = provider_ratings(now=now) if ratings is None else ratings
    return packages_rate(_package_list_rated_query(filters=filters, ratings=ratings),
                         ratings=ratings)


def _package_list_stamp_query(*, filters: dict, ratings: dict[int, Decimal]) -> QuerySet:
    return (_package_list_rated_query(filters=filters, ratings=ratings)
            .prefetch_related(None)
            .values_list("pk", "places_total", "places_sold", "provider_id"))


@functools.cache
def _unfiltered_stamp_sql() -> tuple[str, tuple]:
    # Without filters the ratings play no part in the statement (only `min_rating` uses them).
    return _package_list_stamp_query(filters={}, ratings={}).query.sql_with_params()


def package_list_stamp(*, filters: dict | None = None,
                       ratings: dict[int, Decimal]) -> str:
    """What of package_list_rated is live, as a short string: the rows in their order, each
    with its places left and its provider's rating (one light query, no instances): with the
    packages' version and the language it says which list a page shows."""
    if filters:
        rows = _package_list_stamp_query(filters=filters, ratings=ratings)
    else:
        # Unfiltered (the page every pilgrim opens), the statement is the same on every
        # request: it is compiled once per process, the rows read on every one.
        with connection.cursor() as cursor:
            cursor.execute(*_unfiltered_stamp_sql())
            rows = cursor.fetchall()
    stamp = ",".join(f"{pk}:{max(total - sold, 0)}:{ratings.get(provider)}"
                     for pk, total, sold, provider in rows)
    return hashlib.blake2b(stamp.encode(), digest_size=16).hexdigest()


def package_get_published(*, pk: int) -> Package | None:
    return (package_list_published().select_related("current_version")
            .prefetch_related("service_levels", "provider__channels")
            .filter(pk=pk).first())


def packages_for_comparison(*, ids: list[int]) -> list[Package]:
    return list(package_list_published().prefetch_related("service_levels")
                .filter(pk__in=ids[:4]))


def contract_list_for_pilgrim(*, user) -> QuerySet[Contract]:
    return (Contract.objects.filter(pilgrim=user)
            .select_related("package", "provider", "season")
            .prefetch_related("package__translations"))


def contract_get_for_pilgrim(*, user, pk: int) -> Contract | None:
    return (contract_list_for_pilgrim(user=user)
            .prefetch_related("persons", "instalments", "provider__channels")
            .filter(pk=pk).first())


# --- Package versions -------------------------------------------------------------------

# The categories from the lowest level of accommodation to the highest (the order of the
# choices): a move down the list lowers a service level.
CATEGORY_RANK = {value: rank for rank, value in enumerate(Package.Category.values)}


@dataclass
class VersionDifference:
    """What a version changes in how the service is delivered, in the active language.

    `fields`: {"label", "old", "new"} of accommodation and assembly fields; `rows`:
    {"service", "old", "new"} of the service-levels table ("" where a row was added or
    removed); `labels`: the lazily translated names of what changed, for a message;
    `lowers`: a lowering the code can see by itself (see version_difference).
    """

    fields: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    labels: list = field(default_factory=list)
    lowers: bool = False

    @property
    def changes_delivery(self) -> bool:
        return bool(self.fields or self.rows)


def _display(version: PackageVersion, name: str) -> str:
    if name in PackageVersion.TEXTS:
        return version.safe_translation_getter(name, any_language=True) or ""
    value = getattr(version, name)
    model_field = PackageVersion._meta.get_field(name)
    if model_field.choices:
        return str(getattr(version, f"get_{name}_display")())
    return "" if value is None else str(value)


def _row_text(row) -> str:
    return " · ".join(part for part in (row.description, row.time_frame, row.how_requested,
                                        row.how_delivered) if part)


def _rows_by_key(version: PackageVersion) -> dict:
    """Rows keyed by (service, its rank among the rows of that service): renumbering the
    positions alone is no change."""
    counts, rows = defaultdict(int), {}
    for row in sorted(version.service_levels.all(), key=lambda r: (r.position, r.pk)):
        rows[(row.service, counts[row.service])] = row
        counts[row.service] += 1
    return rows


def version_difference(*, old: PackageVersion, new: PackageVersion) -> VersionDifference:
    """How `new` delivers the service differently from `old` (price and places are terms of
    sale, not delivery: a change to them applies to new sales only and tells nobody).

    The code sees a lowering by itself where levels are ordered: a row of the table removed,
    a lower category, a camp further from the Jamarat. Whether a reworded row is a lower
    level is a judgement on free text in six languages, so the ministry marks it when
    approving (package_version_approve's `lowers_service`).
    """
    difference = VersionDifference()
    for name in PackageVersion.DELIVERY_FIELDS + PackageVersion.DELIVERY_TEXTS:
        before, after = _display(old, name), _display(new, name)
        if before != after:
            label = (PackageVersion._meta.get_field(name).verbose_name
                     if name not in PackageVersion.TEXTS
                     else PackageVersion._parler_meta.root_model._meta.get_field(name)
                     .verbose_name)
            difference.fields.append({"label": label, "old": before, "new": after})
            difference.labels.append(label)
    old_rows, new_rows = _rows_by_key(old), _rows_by_key(new)
    for key in sorted(old_rows.keys() | new_rows.keys(),
                      key=lambda k: (ServiceLevel.Service.values.index(k[0]), k[1])):
        before = _row_text(old_rows[key]) if key in old_rows else ""
        after = _row_text(new_rows[key]) if key in new_rows else ""
        if before != after:
            label = ServiceLevel.Service(key[0]).label
            difference.rows.append({"service": label, "old": before, "new": after})
            if label not in difference.labels:
                difference.labels.append(label)
            if not after:
                difference.lowers = True
    if CATEGORY_RANK[new.category] < CATEGORY_RANK[old.category]:
        difference.lowers = True
    if (old.distance_to_jamarat_m is not None and new.distance_to_jamarat_m is not None
            and new.distance_to_jamarat_m > old.distance_to_jamarat_m):
        difference.lowers = True
    return difference


def contract_full_refund_right_until(*, contract: Contract, now: datetime) -> datetime | None:
    """Until when the holder may still cancel with a full refund because an approved change
    lowered a service level of their package; None when they may not (or no longer)."""
    return (ContractVersionChange.objects
            .filter(contract=contract, lowers_service=True, full_refund_until__gte=now)
            .order_by("-full_refund_until")
            .values_list("full_refund_until", flat=True).first())


def contract_version_changes(*, contract: Contract) -> list[dict]:
    """The approved changes the holder was told of, newest first, each with its difference
    (old and new, in the active language) and the full-refund deadline it gave."""
    changes = (contract.version_changes
               .select_related("from_version", "to_version")
               .prefetch_related("from_version__translations", "to_version__translations",
                                 "from_version__service_levels", "to_version__service_levels"))
    return [{"change": change,
             "difference": version_difference(old=change.from_version, new=change.to_version)}
            for change in changes]
# Where a cancelled contract's money is, in the pilgrim's words (the contract page).
REFUND_STATES = {
    "awaiting_approval": _("Awaiting approval by staff"),
    "queued": _("Approved, queued for payment"),
    "on_its_way": _("On its way to your card"),
    "delayed": _("Delayed: staff will send it again"),
    "paid": _("Paid back to your card"),
}


def contract_refund_progress(*, contract: Contract) -> dict | None:
    """The contract's refund as its holder sees it: the amount, where the money is (from the
    refund's status and its parts at the gateway) and when it was paid; None if no refund."""
    refund = Refund.objects.filter(contract_id=contract.pk).first()
    if refund is None:
        return None
    parts = set(RefundPart.objects.filter(refund=refund).values_list("status", flat=True))
    if refund.status == Refund.Status.PAID:
        state = "paid"
    elif refund.status == Refund.Status.COMPUTED:
        state = "awaiting_approval"
    elif RefundPart.Status.FAILED in parts:
        state = "delayed"
    elif parts - {RefundPart.Status.QUEUED}:
        state = "on_its_way"  # sent to the gateway, or some parts already settled
    else:
        state = "queued"
    return {"amount": refund.amount, "state": state, "label": REFUND_STATES[state],
            "paid_at": refund.paid_at, "rule": refund.rule_text}
def season_for(*, moment: datetime) -> Season | None:
    """The season a moment belongs to: the latest whose track had opened by that Riyadh day
    (so a season's rules apply from its launch until the next one opens); before any has
    opened, the earliest. Per-season policies (complaints, transfers) are looked up by it."""
    today = str(calendars.to_hijri(calendars.local_date(moment)))
    opened = Season.objects.filter(track_opens__lte=today).order_by("-year").first()
    return opened or Season.objects.order_by("year").first()


def season_last_closed(*, moment: datetime) -> tuple[Season, datetime] | None:
    """The latest season whose track had closed by `moment` (its close day over, Riyadh
    time), with that closing moment; None before any closed."""
    today = str(calendars.to_hijri(calendars.local_date(moment)))
    season = Season.objects.filter(track_closes__lt=today).order_by("-year").first()
    if season is None:
        return None
    closes = parse_hijri(season.track_closes)
    return season, calendars.end_of_hijri_day(closes.year, closes.month, closes.day)


HUNDRED = Decimal("100")


def sales_close_on(season: Season) -> date:
    """The first Gregorian day a package of the season can no longer be ordered: the day its
    no-refund window opens (the earliest start of a row deducting 100%), else the day after
    the track closes.

    RULES.md names no sales cut-off of its own: the track runs from its launch to its close,
    and from 1 Dhu al-Hijjah a cancellation refunds nothing. Selling a contract that could
    never be cancelled with any refund is what the cut-off prevents, so it is that row's
    start, read from the row itself: moving the window in the admin moves the sales too.
    """
    starts = [rule.starts_on for rule in season.refund_rules.all()
              if rule.deduction_percent >= HUNDRED and rule.starts_on
              and rule.permit_states != [PermitState.REFUSED]]
    if starts:
        return hijri_to_gregorian(min(starts))
    return season.gregorian("track_closes") + timedelta(days=1)


# --- Meal windows ---------------------------------------------------------------------------

# Annex items (compensation.ServiceItem codes) that name one meal; the general and
# "remaining" meal items are the meal due at the reported time.
ITEM_MEALS = {"arafat_breakfast": MealWindow.Meal.ARAFAT_BREAKFAST,
              "arafat_lunch": MealWindow.Meal.ARAFAT_LUNCH,
              "muzdalifah_meal": MealWindow.Meal.MUZDALIFAH,
              "day10_lunch": MealWindow.Meal.LUNCH}
MEAL_ITEMS = {"arafat_breakfast", "arafat_lunch", "muzdalifah_meal", "day10_lunch",
              "other_meal", "meal_general"}
ARAFAT_DAY = (12, 9)  # 9 Dhu al-Hijjah
ARAFAT_MEALS = (MealWindow.Meal.ARAFAT_BREAKFAST, MealWindow.Meal.ARAFAT_LUNCH)
DAILY_MEALS = (MealWindow.Meal.BREAKFAST, MealWindow.Meal.LUNCH, MealWindow.Meal.DINNER)


def meal_windows(*, package: Package) -> list[MealWindow]:
    """The package's meal windows: its own rows, and the season's for the other meals."""
    rows = MealWindow.objects.filter(season_id=package.season_id).filter(
        Q(package=None) | Q(package=package))
    chosen = {}
    for row in rows:
        if row.package_id is not None or row.meal not in chosen:
            chosen[row.meal] = row
    order = list(MealWindow.Meal.values)
    return sorted(chosen.values(), key=lambda row: order.index(row.meal))


@dataclass(frozen=True)
class MealVerdict:
    window: MealWindow
    late: bool | None  # None: the window closes at no clock time (served on arrival)


def meal_verdict(*, package: Package, item: str, served_at: datetime) -> MealVerdict | None:
    """Whether a meal served (or still awaited) at `served_at` was late by the package's
    announced window; None for an item that is not a meal or a meal without a window."""
    if item not in MEAL_ITEMS:
        return None
    windows = {row.meal: row for row in meal_windows(package=package)}
    local = served_at.astimezone(calendars.RIYADH)
    hijri = calendars.to_hijri(local.date())
    clock = local.time()
    meal = ITEM_MEALS.get(item)
    if meal is None:
        candidates = ARAFAT_MEALS if (hijri.month, hijri.day) == ARAFAT_DAY else DAILY_MEALS
        opened = [windows[m] for m in candidates
                  if m in windows and (windows[m].opens_at or time()) <= clock]
        if not opened:
            # Before the first meal of the day opens: the last one of the evening before.
            return _verdict(windows.get(candidates[-1]), clock, previous_day=True)
        return _verdict(opened[-1], clock)
    return _verdict(windows.get(meal), clock)


def _verdict(window, clock, *, previous_day=False):
    if window is None:
        return None
    if window.closes_at is None:
        return MealVerdict(window=window, late=None)
    return MealVerdict(window=window, late=previous_day or clock > window.closes_at)


def refund_rule_change_impact(*, rule, proposed, now: datetime | None = None):
    """Who an edit of the refund rule `rule` reaches, before it is saved (nothing is written).

    A live contract keeps the refund policy of the day it was made, with this rule in it
    under its code; a saved change is carried into those kept policies
    (services.refund_rule_change_apply). Each such contract's refund if cancelled today is
    computed by the real policy code twice: with the kept rule, then with `proposed` (the
    unsaved edit) in its place. A contract whose amount changes is listed with both.
    """
    now = now or timezone.now()
    today = calendars.local_date(now)
    new_rule = rule_snapshot(proposed)
    reached, changes = 0, []
    for contract in _live_contracts_with_rule(rule):
        kept = contract_policy(contract)
        try:
            before = compute_refund(policy=kept, contract_value=contract.value,
                                    clients=contract.clients, cancel_date=today,
                                    permit_state=contract.permit_state)
            after = compute_refund(policy=policy_with_rule(kept, code=rule.code, rule=new_rule),
                                   contract_value=contract.value, clients=contract.clients,
                                   cancel_date=today, permit_state=contract.permit_state)
        except RefundError:  # outside the track today: nothing can be cancelled
            continue
        reached += 1
        if before.refund != after.refund:
            changes.append(ContractChange(reference=contract.reference,
                                          holder=contract.pilgrim.get_full_name()
                                          or contract.pilgrim.get_username(),
                                          before=before.refund, after=after.refund))
    return Impact(
        counts=[(_("live contracts keeping this rule"), reached),
                (_("contracts whose refund today changes"), len(changes))],
        contracts=changes,
        table_title=_("Refund if cancelled today, where the change reaches signed contracts"),
    )


def _live_contracts_with_rule(rule) -> QuerySet[Contract]:
    """The season's contracts not cancelled nor completed whose kept policy has `rule`'s
    code (a contract made before the rule existed does not); the policy of a contract kept
    before snapshots existed is the season's own, so it has every rule."""
    live = (Contract.objects.filter(season_id=rule.season_id)
            .exclude(status__in=[Contract.Status.CANCELLED, Contract.Status.COMPLETED])
            .select_related("pilgrim", "season").order_by("pk"))
    return live.filter(Q(refund_policy__rules__contains=[{"code": rule.code}])
                       | Q(refund_policy={}))


# --- The reference registry (portal.references): a contract by its booking number ---------

CONTRACT_REFERENCE = re.compile(r"H(?P<season>[0-9]{4})-(?P<contract>[0-9]{6,12})")


def contract_reference_find(reference: str) -> references.Reference | None:
    """The contract behind a booking number (H<season>-<number>), as the public inquiry and
    the SMS keyword tell it: its state (the Hajj permit's, once requested), and the next
    date the pilgrim waits for: an instalment due, or the permit's decision."""
    match = CONTRACT_REFERENCE.fullmatch(reference)
    if match is None:
        return None
    contract = (Contract.objects.select_related("pilgrim")
                .filter(pk=int(match["contract"]), season_id=int(match["season"])).first())
    if contract is None:
        return None

    def describe():
        return contract.get_status_display(), _contract_next_step(contract)

    return references.Reference(kind=references.get("contract"), reference=contract.reference,
                                owners=(contract.pilgrim,), describe=describe)


def _contract_next_step(contract) -> str:
    if contract.status == Contract.Status.ORDERED:
        instalment = (contract.instalments.filter(status=Instalment.Status.DUE)
                      .order_by("due_at").first())
        if instalment is not None:
            return gettext("Next payment due by %(when)s.") % {
                "when": calendars.format_dual_datetime(instalment.due_at)}
    if contract.status == Contract.Status.PERMIT_REQUESTED:
        booking = hajj_request_by_reference(reference=contract.reference)
        when = booking and (booking.expected_by or booking.due_by)
        if when:
            return gettext("Permit decision expected by %(when)s.") % {
                "when": calendars.format_dual_datetime(when)}
    return ""
