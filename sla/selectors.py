"""Reads of the SLA app: survey links and (in metrics.py) the figures from the rollups."""

from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core import signing
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from portal.calendars import end_of_hijri_month, from_hijri

from .errors import SlaError
from .models import Outcome, Survey, SurveyVia
from .models import Transaction as SlaTransaction
from .rollups import day_bounds

SURVEY_SALT = "sla.survey"


def survey_token(transaction: SlaTransaction, *, via=SurveyVia.PAGE) -> str:
    return signing.dumps({"t": transaction.pk, "v": via}, salt=SURVEY_SALT, compress=True)


def survey_url(transaction: SlaTransaction, *, via=SurveyVia.PAGE, absolute=False) -> str:
    """The survey link for this transaction: owning apps show it on their result page."""
    # Signed tokens are URL-safe (base64 and ':'), so the path needs no quoting: resolving
    # the route once per process spares every booking a reverse() (bench/booking).
    path = _survey_path_template(get_script_prefix()).replace(
        TOKEN_PLACEHOLDER, survey_token(transaction, via=via))
    return settings.SITE_URL.rstrip("/") + path if absolute else path


TOKEN_PLACEHOLDER = "TOKEN"


@cache
def _survey_path_template(script_prefix: str) -> str:  # reverse() uses the current prefix
    return reverse("sla:survey", kwargs={"token": TOKEN_PLACEHOLDER})


def survey_token_read(token: str, *, max_age_days: int) -> tuple[int, str]:
    """(transaction id, via) of a valid, unexpired link, else SlaError."""
    try:
        data = signing.loads(token, salt=SURVEY_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        raise SlaError("survey_link_invalid") from None
    return int(data["t"]), data.get("v", SurveyVia.PAGE)


def survey_answered(*, transaction_id: int) -> bool:
    return Survey.objects.filter(transaction_id=transaction_id).exists()


def surveys_pending_for_user(*, user, since, limit=5) -> list[SlaTransaction]:
    """The user's surveys offered since `since` and not yet rated (for the dashboard panel):
    a survey not offered yet (a visit still to come) is not asked on the page either."""
    offered = SlaTransaction.objects.filter(
        user=user, outcome=Outcome.COMPLETED, survey_offered_at__gte=since)
    answered = Survey.objects.filter(
        transaction_id__in=offered.values("pk")).values("transaction_id")
    return list(offered.exclude(pk__in=answered).select_related("service")
                .prefetch_related("service__translations").order_by("-survey_offered_at")[:limit])


def season_days(year: int) -> tuple[date, date]:
    """The Gregorian days of Hijri year `year` (1 Muharram to the end of Dhu al-Hijjah)."""
    return from_hijri(year, 1, 1), end_of_hijri_month(year, 12)


def transactions_behind(*, first_day: date, last_day: date, service_code: str = "",
                        provider_id: int | None = None, outcome: str = "", channel: str = "",
                        rated: bool = False, before=None, limit: int = 100):
    """The transactions behind a figure, newest first, a page at a time (keyset: pass the
    last row's started_at as `before`), on the (service|provider, started_at) indexes."""
    start, end = day_bounds(first_day, last_day)
    rows = SlaTransaction.objects.filter(started_at__gte=start, started_at__lt=end)
    if before is not None:
        rows = rows.filter(started_at__lt=before)
    if service_code:
        rows = rows.filter(service__code=service_code)
    if provider_id:
        rows = rows.filter(provider_id=provider_id)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if channel:
        rows = rows.filter(channel=channel)
    if rated:
        rows = rows.filter(survey__isnull=False)
    return list(rows.select_related("service", "provider", "survey")
                .prefetch_related("service__translations")
                .order_by("-started_at")[:limit])


def survey_panel_context(request) -> dict:
    """The pilgrim dashboard panel: unrated completed transactions of the last week (kept on
    the request, so visibility and rendering share one query)."""
    cached = getattr(request, "_sla_survey_panel", None)
    if cached is not None:
        return cached
    surveys = []
    if request.user.is_authenticated and not request.user.is_staff:
        pending = surveys_pending_for_user(user=request.user,
                                           since=timezone.now() - timedelta(days=7))
        surveys = [{"service": row.service, "url": survey_url(row)} for row in pending]
    request._sla_survey_panel = {"surveys": surveys}
    return request._sla_survey_panel
