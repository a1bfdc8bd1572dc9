"""Which service-level policy applies: the row of a season (its Hijri year), or of the
season a moment belongs to. A year without its own row follows the latest earlier year's
(then the earliest row), and the model's defaults apply while there is none at all."""

from datetime import date, datetime

from portal.calendars import local_date, to_hijri

from .models import Policy


def policy_get(*, year: int) -> Policy:
    return (Policy.objects.filter(hijri_year__lte=year).order_by("-hijri_year").first()
            or Policy.objects.order_by("hijri_year").first() or Policy(hijri_year=year))


def policy_for(moment: date | datetime) -> Policy:
    """The policy of the Hijri year of `moment`'s Riyadh day."""
    return policy_get(year=to_hijri(local_date(moment)).year)
