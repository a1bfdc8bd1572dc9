"""What the dashboards show: each service's figures against its targets, judged
green/amber/red by the policy staff edit in the admin."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import ngettext

from portal.calendars import to_hijri
from portal.models import EService

from .metrics import Figures, figures_by_provider, figures_by_service
from .models import Policy, provider_model
from .policies import policy_for
from .providers import complaint_figures
from .rollups import riyadh_day
from .selectors import season_days
from .templatetags.sla import WORKING_DAYS, duration, percent

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"


@dataclass
class Cell:
    metric: str
    target: object
    actual: object
    status: str
    cause: str = ""  # why an amber or red figure misses its target, in the user's language
    unit: str = ""  # processing: WORKING_DAYS when counted in working time, else elapsed


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
    """'Immediate' is the policy's threshold; N working days are N x 24 h of working time
    (sla.rollups counts a working-day service's processing time on the working calendar,
    weekends and public holidays left out), so no allowance for days off is added here."""
    days = service.processing_working_days
    if not days:
        return policy.immediate_seconds
    return days * 86400


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
                           judge_processing(figures, processing_target),
                           unit=WORKING_DAYS if service.processing_working_days else ""),
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
    for item in cells.values():
        if item.status in (AMBER, RED):
            item.cause = _cause(item, figures, policy)
    return ServiceLevel(service, figures, cells)


def _cause(cell: Cell, figures: Figures, policy: Policy) -> str:
    """What makes a figure miss its target, counted from the same rollups: the figure
    against its target and how many of the transactions (surveys, minutes) behind it fall
    short, in the active language."""
    if cell.metric == "processing":
        count = figures.over_target
        return ngettext(
            "Processing time (90%%) %(actual)s against %(target)s: %(count)s transaction "
            "over target",
            "Processing time (90%%) %(actual)s against %(target)s: %(count)s transactions "
            "over target", count) % {
            "actual": duration(cell.actual[1], cell.unit),
            "target": duration(cell.target, cell.unit), "count": count}
    values = {"actual": percent(cell.actual), "target": percent(cell.target)}
    if cell.metric == "satisfaction":
        count = figures.surveys
        return ngettext(
            "Satisfaction %(actual)s against %(target)s: %(short)s of %(count)s survey "
            "below %(rating)s",
            "Satisfaction %(actual)s against %(target)s: %(short)s of %(count)s surveys "
            "below %(rating)s", count) % {
            **values, "short": count - figures.satisfied, "count": count,
            "rating": policy.satisfied_from_rating}
    if cell.metric == "completion":
        count = figures.decided
        return ngettext(
            "Completion %(actual)s against %(target)s: %(short)s of %(count)s decided "
            "transaction not completed",
            "Completion %(actual)s against %(target)s: %(short)s of %(count)s decided "
            "transactions not completed", count) % {
            **values, "short": count - figures.completed, "count": count}
    if cell.metric == "digitisation":
        count = figures.started
        return ngettext(
            "Digitisation %(actual)s against %(target)s: %(short)s of %(count)s transaction "
            "not made online",
            "Digitisation %(actual)s against %(target)s: %(short)s of %(count)s transactions "
            "not made online", count) % {
            **values, "short": count - figures.online, "count": count}
    if cell.metric == "availability":
        count = figures.down
        return ngettext(
            "Availability %(actual)s against %(target)s: %(count)s minute of outage",
            "Availability %(actual)s against %(target)s: %(count)s minutes of outage",
            count) % {**values, "count": count}
    return ""


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
