"""The public compensation calculator's computation, shared by the API and the web page: the
same annex cell and function as a real claim."""

from packages.models import Season

from . import selectors
from .annex import AnnexTerms, Compensation, compute_compensation
from .errors import CompensationError
from .models import FailureKind, ServiceItem


def published_seasons():
    return Season.objects.filter(is_published=True).order_by("-year")


def quote(*, season: int, package_value, item: str, failure: str,
          occurrence: int) -> Compensation:
    """The calculator's computation: the same annex cell and function as a real claim."""
    if not Season.objects.filter(year=season, is_published=True).exists():
        raise CompensationError("unknown_season", season=season)
    rule = selectors.annex_rule_get(season_id=season, item=item, failure=failure)
    if rule is None:
        raise CompensationError("no_rule", season=season, item=ServiceItem(item).label,
                                failure=FailureKind(failure).label)
    return compute_compensation(rule=AnnexTerms.of(rule), package_value=package_value,
                                occurrence=occurrence)
