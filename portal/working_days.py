"""The portal's one working-day calendar: the working week and the public holidays (Eid
al-Fitr and Eid al-Adha stored as the Gregorian days of their Hijri dates, National Day,
Founding Day) that staff edit in the admin. Every app reads it here (the Hajj permit's
processing time, the complaint deadlines).

The rows are the permits app's models (`WorkingCalendar`, `PublicHoliday`), left where they
are because moving them is a migration that buys nothing; they are looked up through the app
registry so this bottom layer imports no app above it.
"""

from datetime import datetime, time, timedelta

from django.apps import apps

from .calendars import RIYADH, local_date

DEFAULT_WEEK = frozenset({6, 0, 1, 2, 3})  # Sunday to Thursday, as the calendar is seeded


def working_calendar():
    """The calendar in force (the first one), with its holidays; None when none is set."""
    model = apps.get_model("permits", "WorkingCalendar")
    return model.objects.prefetch_related("holidays").order_by("pk").first()


def week_and_holidays(calendar=None) -> tuple[set[int], set]:
    """(working weekdays, holiday dates) of the calendar, the default week when none is set."""
    if calendar is None:
        return set(DEFAULT_WEEK), set()
    return calendar.weekdays(), {holiday.date for holiday in calendar.holidays.all()}


def end_of_working_day(moment: datetime, *, working_days_after: int = 0,
                       calendar=None) -> datetime:
    """The last instant (Riyadh) of the working day on or after `moment` (the next working
    day when `moment` falls on a weekend or holiday), or of the `working_days_after`-th
    working day after that one: "acknowledged the same working day it is received"."""
    week, holidays = week_and_holidays(working_calendar() if calendar is None else calendar)
    day = local_date(moment)
    for _step in range(366):
        if day.weekday() in week and day not in holidays:
            break
        day += timedelta(days=1)
    for _counted in range(working_days_after):
        day += timedelta(days=1)
        while day.weekday() not in week or day in holidays:
            day += timedelta(days=1)
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=RIYADH)


def add_working_days(*, start: datetime, days: int, calendar) -> datetime:
    """End of the `days`-th working day after `start` (Riyadh time), skipping holidays."""
    weekdays = calendar.weekdays() if calendar else set(DEFAULT_WEEK)
    # Read afresh, not from the prefetch: a holiday added since the calendar was read counts.
    holidays = set(calendar.holidays.values_list("date", flat=True)) if calendar else set()
    day, counted = local_date(start), 0
    while counted < days:
        day += timedelta(days=1)
        if day.weekday() in weekdays and day not in holidays:
            counted += 1
    return datetime.combine(day, time(23, 59, 59), tzinfo=RIYADH)
