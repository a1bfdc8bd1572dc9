"""The days a holiday rule gives in one Hijri year (pure: the data migration uses it too).

A Hijri year (354 or 355 days) holds a Gregorian date at most once, so each Gregorian
holiday belongs to exactly one Hijri year and seeding year after year never doubles it.
"""

from datetime import date, timedelta

from portal import calendars

HIJRI, GREGORIAN = "hijri", "gregorian"


def hijri_year_bounds(year: int) -> tuple[date, date]:
    """The first and last Gregorian days of a Hijri year."""
    return calendars.start_of_hijri_month(year, 1), calendars.end_of_hijri_month(year, 12)


def holiday_days(*, kind: str, month: int, day: int, length_days: int, year: int) -> list[date]:
    """The Gregorian days of the holiday that starts in Hijri year `year`."""
    if kind == HIJRI:
        # A rule typed as the 30th of a month that has 29 days that year starts on its last.
        start = calendars.from_hijri(year, month,
                                     min(day, calendars.hijri_month_length(year, month)))
        return [start + timedelta(days=offset) for offset in range(length_days)]
    first, last = hijri_year_bounds(year)
    days = []
    for gregorian_year in sorted({first.year, last.year}):
        try:
            start = date(gregorian_year, month, day)
        except ValueError:  # 29 February of a common year
            start = date(gregorian_year, month, 28)
        if first <= start <= last:
            days += [start + timedelta(days=offset) for offset in range(length_days)]
    return days
