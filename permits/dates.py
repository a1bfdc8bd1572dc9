"""Hijri arithmetic the permit rules need (Umm al-Qura, via hijridate).

Kept small and local; `portal.calendars` is the portal-wide API for display.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from hijridate import Gregorian, Hijri


def local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def to_hijri(day: date) -> Hijri:
    return Gregorian(day.year, day.month, day.day).to_hijri()


def hijri_month_bounds(year: int, month: int) -> tuple[date, date]:
    first = Hijri(year, month, 1)
    start = first.to_gregorian()
    return start, start + timedelta(days=first.month_length() - 1)


def hijri_date(year: int, month: int, day: int) -> date:
    return Hijri(year, month, day).to_gregorian()


def hijri_age(born: date, on: date) -> int:
    b, o = to_hijri(born), to_hijri(on)
    return o.year - b.year - ((o.month, o.day) < (b.month, b.day))


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=local_tz())


def local_date(moment: datetime) -> date:
    return moment.astimezone(local_tz()).date()
