"""Reads of the SLA app: survey links and (in metrics.py) the figures from the rollups."""

from datetime import date

from django.conf import settings
from django.core import signing
from django.urls import reverse

from portal.calendars import end_of_hijri_month, from_hijri

from .errors import SlaError
from .models import Outcome, Survey, SurveyVia
from .models import Transaction as SlaTransaction

SURVEY_SALT = "sla.survey"


def survey_token(transaction: SlaTransaction, *, via=SurveyVia.PAGE) -> str:
    return signing.dumps({"t": transaction.pk, "v": via}, salt=SURVEY_SALT, compress=True)


def survey_url(transaction: SlaTransaction, *, via=SurveyVia.PAGE, absolute=False) -> str:
    """The survey link for this transaction: owning apps show it on their result page."""
    path = reverse("sla:survey", kwargs={"token": survey_token(transaction, via=via)})
    return settings.SITE_URL.rstrip("/") + path if absolute else path


def survey_token_read(token: str, *, max_age_days: int) -> tuple[int, str]:
    """(transaction id, via) of a valid, unexpired link, else SlaError."""
    try:
        data = signing.loads(token, salt=SURVEY_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        raise SlaError("survey_link_invalid") from None
    return int(data["t"]), data.get("v", SurveyVia.PAGE)


def surveys_pending_for_user(*, user, since, limit=5) -> list[SlaTransaction]:
    """The user's recent completed transactions not yet rated (for the dashboard panel)."""
    answered = Survey.objects.filter(transaction_id__in=SlaTransaction.objects.filter(
        user=user, started_at__gte=since).values("pk")).values("transaction_id")
    return list(SlaTransaction.objects.filter(
        user=user, outcome=Outcome.COMPLETED, started_at__gte=since)
        .exclude(pk__in=answered).select_related("service")
        .prefetch_related("service__translations").order_by("-started_at")[:limit])


def season_days(year: int) -> tuple[date, date]:
    """The Gregorian days of Hijri year `year` (1 Muharram to the end of Dhu al-Hijjah)."""
    return from_hijri(year, 1, 1), end_of_hijri_month(year, 12)
