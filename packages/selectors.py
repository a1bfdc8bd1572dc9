"""Reads of the packages domain: what pilgrims may see and compare, what staff may touch."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django.db.models import F, Q, QuerySet

from portal import calendars
from sla.dashboard import current_season_range
from sla.metrics import figures_by_provider

from .models import Contract, MealWindow, Package, ProviderChannel, Season, ServiceLevel


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
    in one query, so the list and the scorecard it links to never disagree."""
    _year, first_day, last_day = current_season_range(now=now)
    figures = figures_by_provider(first_day=first_day, last_day=last_day)
    return {pk: item.satisfaction for pk, item in figures.items()
            if item.satisfaction is not None}


def packages_rate(packages: Iterable[Package], *,
                  ratings: dict[int, Decimal] | None = None,
                  now: datetime | None = None) -> list[Package]:
    """The packages, each with `provider_rating` (a percent, or None: not yet rated)."""
    ratings = provider_ratings(now=now) if ratings is None else ratings
    packages = list(packages)
    for package in packages:
        package.provider_rating = ratings.get(package.provider_id)
    return packages


def package_list_rated(*, filters: dict | None = None,
                       now: datetime | None = None) -> list[Package]:
    """package_list_published with each provider's rating; filters may add `min_rating`
    (percent): a provider not yet rated has nothing to show it meets a minimum, so its
    packages are hidden while one is asked for."""
    filters = filters or {}
    ratings = provider_ratings(now=now)
    packages = package_list_published(filters=filters)
    minimum = filters.get("min_rating")
    if minimum is not None:
        packages = packages.filter(provider_id__in=[
            pk for pk, rating in ratings.items() if rating >= minimum])
    return packages_rate(packages, ratings=ratings)


def package_get_published(*, pk: int) -> Package | None:
    return (package_list_published().prefetch_related("service_levels", "provider__channels")
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


def season_for(*, moment: datetime) -> Season | None:
    """The season a moment belongs to: the latest whose track had opened by that Riyadh day
    (so a season's rules apply from its launch until the next one opens); before any has
    opened, the earliest. Per-season policies (complaints, transfers) are looked up by it."""
    today = str(calendars.to_hijri(calendars.local_date(moment)))
    opened = Season.objects.filter(track_opens__lte=today).order_by("-year").first()
    return opened or Season.objects.order_by("year").first()


# --- Meal windows ---------------------------------------------------------------------------

# Annex items (compensation.ServiceItem codes) that name one meal; the general and
# "remaining" meal items are the meal due at the reported time.
ITEM_MEALS = {"arafat_lunch": MealWindow.Meal.ARAFAT_LUNCH,
              "muzdalifah_meal": MealWindow.Meal.MUZDALIFAH,
              "day10_lunch": MealWindow.Meal.LUNCH}
MEAL_ITEMS = {"arafat_lunch", "muzdalifah_meal", "day10_lunch", "other_meal", "meal_general"}
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
