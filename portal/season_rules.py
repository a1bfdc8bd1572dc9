"""Which rows are a season's rules, and how their dates move to the next season.

Each app declares its per-season rule rows here from its AppConfig.ready (this bottom layer
imports no app; the declarations name models by label), and packages' `season_open_next`
copies every declared row of season N into season N+1. A model that names a season but is
not a rule (a contract, a complaint, a claim) is not declared: it belongs to its season and
stays there.

Dates move by the calendar they are anchored to, never by a fixed number of days:
- a Hijri date (HijriDateField) keeps its day and month in the later year; a day the later
  month does not have (a 30th in a month of 29 days) becomes that month's real last day, and
  a month's last day stays its last day (so "until the end of Dhu al-Qa'dah" followed by
  "from 1 Dhu al-Hijjah" leaves no day uncovered when the month grows from 29 to 30 days);
- a plain DateField is Gregorian-anchored and moves by the Gregorian year (29 February
  becomes 28 February), unless its declaration lists it in `hijri_anchored`: a Gregorian
  day stored for a Hijri date (a permit rule's Hijri year, the Umrah blackout around Hajj)
  moves as that Hijri date does.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from . import calendars


@dataclass(frozen=True)
class ChildRows:
    """Rows copied with each copied rule row (a permit rule's daily windows, blackouts)."""

    model: str  # "app_label.ModelName"
    parent_field: str
    hijri_anchored: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeasonRows:
    """The rule rows of one model for one season."""

    model: str  # "app_label.ModelName"
    # The field naming the season: a key to packages.Season, or the Hijri year as a number.
    season_field: str
    # Only the rows matching these lookups are the season's rules (e.g. a meal window of
    # the season, not one a package set for itself).
    only: dict = field(default_factory=dict)
    children: tuple[ChildRows, ...] = ()
    hijri_anchored: tuple[str, ...] = ()


_REGISTRY: dict[str, SeasonRows] = {}


def season_rows_register(*specs: SeasonRows) -> None:
    for spec in specs:
        _REGISTRY[spec.model] = spec


def season_rows() -> list[SeasonRows]:
    return list(_REGISTRY.values())


def hijri_years_later(value: calendars.HijriDate, years: int) -> calendars.HijriDate:
    """The same Hijri day and month `years` later; the month's real last day for a day it
    lacks, and for a day that was its month's last day."""
    year = value.year + years
    length = calendars.hijri_month_length(year, value.month)
    was_last = value.day == calendars.hijri_month_length(value.year, value.month)
    return calendars.HijriDate(year, value.month, length if was_last else min(value.day, length))


def hijri_text_years_later(value: str, years: int) -> str:
    """A stored Hijri date ("YYYY-MM-DD"), moved; an empty one stays empty."""
    if not value:
        return value
    year, month, day = (int(part) for part in value.split("-"))
    return str(hijri_years_later(calendars.HijriDate(year, month, day), years))


def gregorian_years_later(value: date | datetime, years: int) -> date | datetime:
    """The same Gregorian day and month `years` later; 29 February becomes 28 February."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def hijri_anchored_years_later(value: date, years: int) -> date:
    """The Gregorian day of a Hijri date, moved as that Hijri date."""
    return hijri_years_later(calendars.to_hijri(value), years).to_date()
