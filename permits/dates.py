"""The date helpers the permit rules need, on top of the portal's one calendar module.

Conversions between Umm al-Qura and Gregorian live in `portal.calendars`; this adds only
what the rules ask of it (a month's bounds, an age in Hijri years, the end of a local day).
"""

from datetime import date, datetime, time

from portal import calendars
from portal.calendars import local_date, to_hijri

__all__ = ["end_of_local_day", "hijri_age", "hijri_date", "hijri_month_bounds", "local_date",
           "local_tz", "to_hijri"]


def local_tz():
    return calendars.RIYADH


def hijri_month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last Gregorian day of a Hijri month (its real length, 29 or 30)."""
    return calendars.start_of_hijri_month(year, month), calendars.end_of_hijri_month(year, month)


def hijri_date(year: int, month: int, day: int) -> date:
    return calendars.from_hijri(year, month, day)


def hijri_age(born: date, on: date) -> int:
    b, o = to_hijri(born), to_hijri(on)
    return o.year - b.year - ((o.month, o.day) < (b.month, b.day))


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=local_tz())
