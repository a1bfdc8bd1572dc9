"""Provider figures: what the SLA app measures itself, plus complaint handling contributed
by the complaints app through one extension point (sla sits below complaints, so it cannot
ask for them).

The complaints app registers its source in its AppConfig.ready():

    from sla.providers import complaint_source_register
    complaint_source_register(sla_complaint_figures)

where the source, called with `(*, provider_ids, first_day, last_day)`, returns
{provider_id: ComplaintFigures}. With no source registered (sla used alone) every provider
shows "not yet measured".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ComplaintFigures:
    complaints: int
    per_thousand_pilgrims: Decimal | None
    acknowledged_same_working_day: Decimal | None  # % of complaints
    fixed_within_corrective_period: Decimal | None  # %
    escalated: int
    compensation_decided_within_15_days: Decimal | None  # % of compensation requests
    compensation_paid: Decimal  # SAR
    sanctions: int


ComplaintSource = Callable[..., dict[int, ComplaintFigures]]
_source: ComplaintSource | None = None


def complaint_source_register(source: ComplaintSource | None) -> None:
    """Set (or, with None, remove) the function that measures complaint handling."""
    global _source
    _source = source


def complaint_figures(*, provider_ids: list[int], first_day: date,
                      last_day: date) -> dict[int, ComplaintFigures]:
    if _source is None or not provider_ids:
        return {}
    return _source(provider_ids=provider_ids, first_day=first_day, last_day=last_day)
