"""The one place where dates cross calendars.

Rules, deadlines and permits are written in Hijri dates (Umm al-Qura, the calendar the
ministry publishes), the database stores UTC, and pilgrims read both calendars; Persian
speakers also get their solar (Jalali) date. Everything else in the portal converts through
these functions so that a month length is never guessed (Dhu al-Qa'dah 1445 had 29 days).
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import jdatetime
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from hijridate import Gregorian, Hijri

# Work happens in Makkah time whatever the server's zone: "the end of 14 Shawwal" is a
# Riyadh midnight.
RIYADH = ZoneInfo("Asia/Riyadh")

HIJRI_MONTHS = (
    pgettext_lazy("Hijri month", "Muharram"),
    pgettext_lazy("Hijri month", "Safar"),
    pgettext_lazy("Hijri month", "Rabi' al-Awwal"),
    pgettext_lazy("Hijri month", "Rabi' al-Thani"),
    pgettext_lazy("Hijri month", "Jumada al-Ula"),
    pgettext_lazy("Hijri month", "Jumada al-Akhirah"),
    pgettext_lazy("Hijri month", "Rajab"),
    pgettext_lazy("Hijri month", "Sha'ban"),
    pgettext_lazy("Hijri month", "Ramadan"),
    pgettext_lazy("Hijri month", "Shawwal"),
    pgettext_lazy("Hijri month", "Dhu al-Qa'dah"),
    pgettext_lazy("Hijri month", "Dhu al-Hijjah"),
)

# Persian month names are only shown to Persian readers, in Persian: no catalogue needed.
PERSIAN_MONTHS = tuple(jdatetime.date.j_months_fa)


class CalendarError(ValueError):
    """A date outside the range the Umm al-Qura tables cover (1343-1500 AH), or no such day."""


@dataclass(frozen=True, order=True)
class HijriDate:
    year: int
    month: int
    day: int

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def month_name(self) -> str:
        return hijri_month_name(self.month)

    def to_date(self) -> date:
        return from_hijri(self.year, self.month, self.day)


def local_date(value: date | datetime) -> date:
    """The calendar day in Riyadh of an aware datetime; plain dates pass through."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.date()
        return value.astimezone(RIYADH).date()
    return value


def to_hijri(value: date | datetime) -> HijriDate:
    day = local_date(value)
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError) as exc:
        raise CalendarError(str(exc)) from exc
    return HijriDate(hijri.year, hijri.month, hijri.day)


def from_hijri(year: int, month: int, day: int) -> date:
    try:
        return date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (OverflowError, ValueError) as exc:
        raise CalendarError(str(exc)) from exc


def hijri_month_length(year: int, month: int) -> int:
    try:
        return Hijri(year, month, 1).month_length()
    except (OverflowError, ValueError) as exc:
        raise CalendarError(str(exc)) from exc


def end_of_hijri_month(year: int, month: int) -> date:
    """The last day of a Hijri month (29 or 30 depending on the year, never assumed)."""
    return from_hijri(year, month, hijri_month_length(year, month))


def start_of_hijri_month(year: int, month: int) -> date:
    return from_hijri(year, month, 1)


def end_of_hijri_day(year: int, month: int, day: int) -> datetime:
    """The last instant of a Hijri day in Riyadh, for rules worded "until the end of 14/10"."""
    gregorian = from_hijri(year, month, day)
    return datetime(gregorian.year, gregorian.month, gregorian.day, 23, 59, 59, 999999,
                    tzinfo=RIYADH)


def hijri_today(*, now: datetime | None = None) -> HijriDate:
    return to_hijri(now or timezone.now())


def hijri_month_name(month: int) -> str:
    return str(HIJRI_MONTHS[month - 1])


def to_persian(value: date | datetime) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=local_date(value))


def format_hijri(value: date | datetime) -> str:
    hijri = to_hijri(value)
    # Translators: a Hijri date, e.g. "11 Jumada al-Akhirah 1448 AH" (AH: anno Hegirae).
    return gettext("%(day)s %(month)s %(year)s AH") % {
        "day": hijri.day, "month": hijri.month_name, "year": hijri.year,
    }


def format_gregorian(value: date | datetime) -> str:
    # "j F Y" gives the month name from Django's own catalogue in the active language.
    return formats.date_format(local_date(value), "j F Y")


def format_persian(value: date | datetime) -> str:
    solar = to_persian(value)
    return f"{solar.day} {PERSIAN_MONTHS[solar.month - 1]} {solar.year}"


def format_dual(value: date | datetime, *, language: str | None = None) -> str:
    """"11 Jumada al-Akhirah 1448 AH · 21 November 2026" in the active (or given) language.

    Persian readers also get the solar date, which is the calendar of their daily life.
    Dates outside the Umm al-Qura tables show in the Gregorian calendar alone.
    """
    return DATE_SEPARATOR.join(dual_parts(value, language=language))


# Between the calendars' dates of one day; a neutral, so it takes the page's direction.
DATE_SEPARATOR = " · "


def dual_parts(value: date | datetime, *, language: str | None = None) -> list[str]:
    """The date in each calendar the reader reads, Hijri first, each a run of its own (the
    pages isolate each one, so that no calendar's numbers are drawn into its neighbour's)."""
    with translation.override(language or translation.get_language()):
        parts = []
        try:
            parts.append(format_hijri(value))
        except CalendarError:
            pass
        if (translation.get_language() or "").split("-")[0] == "fa":
            parts.append(format_persian(value))
        parts.append(format_gregorian(value))
        return parts


def format_dual_datetime(value: datetime, *, language: str | None = None) -> str:
    """The dual date of a moment in Riyadh, followed by its Riyadh wall-clock time."""
    local = value.astimezone(RIYADH) if timezone.is_aware(value) else value
    with translation.override(language or translation.get_language()):
        return datetime_pattern() % {
            "date": format_dual(local.date()),
            "time": format_time_of_day(local),
        }


def datetime_pattern() -> str:
    """How the active language puts a date and a time of day together."""
    # Translators: a date followed by a time of day, e.g. "21 November 2026, 14:30".
    return gettext("%(date)s, %(time)s")


def format_time_of_day(value: datetime) -> str:
    """The Riyadh wall-clock time of a moment ("14:30")."""
    local = value.astimezone(RIYADH) if timezone.is_aware(value) else value
    return formats.time_format(local.time(), "H:i")


# For messages rendered later in their reader's language (an SMS is rendered by
# notifications.services.sms_row under the recipient's language): the date is formatted
# when the text is, in the language then active. Pure arithmetic, no query.
lazy_dual = lazy(format_dual, str)
lazy_dual_datetime = lazy(format_dual_datetime, str)
