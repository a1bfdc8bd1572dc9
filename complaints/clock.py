"""Working-day clock of the complaint deadlines, on the portal's one working-day calendar
(`portal.working_days`). Its helper counts whole working days *after* a start, while a
complaint must be acknowledged by the end of the *same* working day it is received (or of
the next working day when received on a weekend or holiday), hence this small function
over the same data.

The corrective period is counted in clock hours, not working hours: the provider serves
pilgrims around the clock during the Hajj days, which are public holidays.
"""

from datetime import date, datetime

from portal import working_days


def _calendar():
    return working_days.week_and_holidays(working_days.working_calendar())


def is_working_day(day: date, *, week=None, holidays=None) -> bool:
    if week is None:
        week, holidays = _calendar()
    return day.weekday() in week and day not in (holidays or set())


def end_of_working_day(moment: datetime, *, working_days_after: int = 0) -> datetime:
    """The last instant (Riyadh) of the working day on or after `moment`, or of the
    `working_days_after`-th working day after that one (the complaint policy's rule; the
    desk's suggestions share it through portal.working_days)."""
    return working_days.end_of_working_day(moment, working_days_after=working_days_after)
