"""Complaint handling per provider, in the shape the SLA app ranks providers by.

Registered with `sla.providers.complaint_source_register` in ComplaintsConfig.ready(), so
the monitor league table and the public scorecards show these figures.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from compensation.models import Claim
from packages.models import Contract
from portal.calendars import RIYADH
from sla.providers import ComplaintFigures

from .models import Sanction
from .selectors import provider_complaint_figures


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=RIYADH)


def _pilgrims_served(provider_ids, until) -> dict[int, int]:
    """Pilgrims on the provider's live contracts made before the period ended."""
    rows = (Contract.objects.filter(provider_id__in=provider_ids, created_at__lt=until)
            .exclude(status=Contract.Status.CANCELLED)
            .values("provider_id").annotate(pilgrims=Sum("clients")))
    return {row["provider_id"]: row["pilgrims"] or 0 for row in rows}


def _compensation_paid(provider_ids, since, until) -> dict[int, Decimal]:
    rows = (Claim.objects.filter(provider_id__in=provider_ids, status=Claim.Status.PAID,
                                 paid_at__gte=since, paid_at__lt=until)
            .values("provider_id").annotate(total=Sum("amount")))
    return {row["provider_id"]: row["total"] or Decimal("0") for row in rows}


def _sanctions(provider_ids, since, until) -> dict[int, int]:
    rows = (Sanction.objects.filter(provider_id__in=provider_ids)
            .values("provider_id")
            .annotate(count=Count("pk", filter=Q(decided_at__gte=since, decided_at__lt=until))))
    return {row["provider_id"]: row["count"] for row in rows}


def sla_complaint_figures(*, provider_ids, first_day, last_day):
    since, until = _day_start(first_day), _day_start(last_day + datetime.timedelta(days=1))
    raw = provider_complaint_figures(since=since, until=until)
    pilgrims = _pilgrims_served(provider_ids, until)
    paid = _compensation_paid(provider_ids, since, until)
    sanctions = _sanctions(provider_ids, since, until)
    figures = {}
    for provider_id in provider_ids:
        row = raw.get(provider_id, {})
        complaints = row.get("complaints", 0)
        served = pilgrims.get(provider_id, 0)
        figures[provider_id] = ComplaintFigures(
            complaints=complaints,
            per_thousand_pilgrims=(Decimal(complaints) * 1000 / served).quantize(Decimal("0.1"))
            if served else None,
            acknowledged_same_working_day=_percent(
                row.get("acknowledged_same_working_day", 0), complaints),
            fixed_within_corrective_period=_percent(row.get("fixed_within_period", 0),
                                                    complaints),
            escalated=row.get("escalated", 0),
            compensation_decided_within_15_days=_percent(
                row.get("claims_decided_in_time", 0), row.get("claims", 0)),
            compensation_paid=paid.get(provider_id, Decimal("0")),
            sanctions=sanctions.get(provider_id, 0),
        )
    return figures
