"""What the dashboards show: each service's figures against its targets, judged
green/amber/red by the policy staff edit in the admin."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.calendars import to_hijri
from portal.models import EService

from .metrics import Figures, figures_by_provider, figures_by_service
from .models import Policy, provider_model
from .policies import policy_for
from .providers import complaint_figures
from .rollups import riyadh_day
from .selectors import season_days

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"


@dataclass
class Cell:
    metric: str
    target: object
    actual: object
    status: str


@dataclass
class ServiceLevel:
    service: EService
    figures: Figures
    cells: dict[str, Cell]


def judge_share(actual, target, *, margin: Decimal) -> str:
    if actual is None or target is None:
        return NONE
    if actual >= target:
        return GREEN
    return AMBER if actual >= target - margin else RED


def processing_target_seconds(service: EService, policy: Policy) -> int:
    """'Immediate' is the policy's threshold; N working days are judged as N x 24 h of
    elapsed time plus the weekend days they may span (a conservative reading: the rollups
    keep elapsed time, not working time)."""
    days = service.processing_working_days
    if not days:
        return policy.immediate_seconds
    return (days + 2 * ((days + 4) // 5)) * 86400


def judge_processing(figures: Figures, target: int) -> str:
    p90, median = figures.p90_seconds, figures.median_seconds
    if p90 is None:
        return NONE
    if p90 <= target:
        return GREEN
    return AMBER if median <= target else RED


def service_levels(*, first_day: date, last_day: date,
                   policy: Policy | None = None) -> list[ServiceLevel]:

    policy = policy or policy_for(last_day)
    figures = figures_by_service(first_day=first_day, last_day=last_day)
    services = EService.objects.filter(is_active=True).prefetch_related("translations")
    return [_service_level(service, figures.get(service.pk, Figures()), policy)
            for service in services]


def _service_level(service: EService, figures: Figures, policy: Policy) -> ServiceLevel:
    margin = policy.amber_margin
    satisfaction_target = service.satisfaction_target
    if satisfaction_target is None:
        satisfaction_target = policy.satisfaction_floor
    processing_target = processing_target_seconds(service, policy)
    cells = {
        "satisfaction": Cell("satisfaction", satisfaction_target, figures.satisfaction,
                             judge_share(figures.satisfaction, satisfaction_target,
                                         margin=margin)),
        "transactions": Cell("transactions", service.yearly_transactions, figures.started,
                             NONE),
        "processing": Cell("processing", processing_target,
                           (figures.median_seconds, figures.p90_seconds),
                           judge_processing(figures, processing_target)),
        "availability": Cell("availability", policy.availability_target,
                             figures.availability,
                             judge_share(figures.availability, policy.availability_target,
                                         margin=Decimal("0.5"))),
        "digitisation": Cell("digitisation", service.digitisation_percent,
                             figures.digitisation,
                             judge_share(figures.digitisation, service.digitisation_percent,
                                         margin=margin)),
        "completion": Cell("completion", service.completion_percent, figures.completion,
                           judge_share(figures.completion, service.completion_percent,
                                       margin=margin)),
    }
    return ServiceLevel(service, figures, cells)


@dataclass
class ProviderLevel:
    provider: object  # a packages.Provider
    figures: Figures
    complaints: object  # providers.ComplaintFigures or None while not measured


def provider_levels(*, first_day: date, last_day: date,
                    provider_ids: list[int] | None = None) -> list[ProviderLevel]:
    figures = figures_by_provider(first_day=first_day, last_day=last_day)
    providers = provider_model().objects.filter(is_active=True).prefetch_related("translations")
    if provider_ids is not None:
        providers = providers.filter(pk__in=provider_ids)
    providers = list(providers)
    complaints = complaint_figures(provider_ids=[p.pk for p in providers],
                                   first_day=first_day, last_day=last_day)
    levels = [ProviderLevel(p, figures.get(p.pk, Figures()), complaints.get(p.pk))
              for p in providers]
    return sorted(levels, key=lambda level: (-(level.figures.satisfaction or -1),
                                             -level.figures.started))


def current_season_range(*, now=None) -> tuple[int, date, date]:
    """(Hijri year, its first day, today): the default range, the Hijri year to date."""
    today = riyadh_day(now or timezone.now())
    year = to_hijri(today).year
    return year, season_days(year)[0], today


def default_trend_range(*, last_day: date, first_day: date) -> tuple[date, date]:
    """Trend charts show at most the last 92 days of the range, one point a day."""
    return max(first_day, last_day - timedelta(days=91)), last_day
