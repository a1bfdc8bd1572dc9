"""Working-day clock of the complaint deadlines, on the permits app's calendar data.

The working week and the public holidays (Eid al-Fitr and Eid al-Adha stored as the
Gregorian days of their Hijri dates, National Day, Founding Day) are the rows staff edit in
permits' "working calendar"; one calendar for the whole portal. permits' own helper counts
whole working days *after* a start, while a complaint must be acknowledged by the end of the
*same* working day it is received (or of the next working day when received on a weekend or
holiday), hence this small function over the same data.

The corrective period is counted in clock hours, not working hours: the provider serves
pilgrims around the clock during the Hajj days, which are public holidays.
"""

from datetime import date, datetime, time, timedelta

from portal.calendars import RIYADH, local_date

DEFAULT_WEEK = {6, 0, 1, 2, 3}  # Sunday to Thursday, as the permits calendar seeds it


def _calendar():
    from permits.selectors import working_calendar

    calendar = working_calendar()
    if calendar is None:
        return DEFAULT_WEEK, set()
    return calendar.weekdays(), {h.date for h in calendar.holidays.all()}


def is_working_day(day: date, *, week=None, holidays=None) -> bool:
    if week is None:
        week, holidays = _calendar()
    return day.weekday() in week and day not in (holidays or set())


def end_of_working_day(moment: datetime) -> datetime:
    """The last instant (Riyadh) of the working day on or after `moment`."""
    week, holidays = _calendar()
    day = local_date(moment)
    for _step in range(366):
        if is_working_day(day, week=week, holidays=holidays):
            break
        day += timedelta(days=1)
    return datetime.combine(day, time(23, 59, 59, 999999), tzinfo=RIYADH)
