"""Hijri dates as data: held as "YYYY-MM-DD" (Umm al-Qura), converted through portal.calendars.

The rules are published in Hijri, so staff type them in Hijri and the Gregorian day is always
derived, never stored beside it (two copies would drift when one is edited).
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import calendars

_FORMAT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_hijri(value: str) -> calendars.HijriDate:
    match = _FORMAT.match(value or "")
    if not match:
        raise ValidationError(_("Enter a Hijri date as YYYY-MM-DD, e.g. 1445-10-14."),
                              code="hijri_format")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValidationError(_("A Hijri month is between 1 and 12."), code="hijri_month")
    try:
        length = calendars.hijri_month_length(year, month)
    except calendars.CalendarError as exc:
        raise ValidationError(_("This Hijri year is outside the Umm al-Qura tables."),
                              code="hijri_range") from exc
    if not 1 <= day <= length:
        raise ValidationError(
            _("%(month)s %(year)s has %(length)s days."),
            code="hijri_day",
            params={"month": calendars.hijri_month_name(month), "year": year, "length": length},
        )
    return calendars.HijriDate(year, month, day)


def validate_hijri(value: str) -> None:
    parse_hijri(value)


def hijri_to_gregorian(value: str) -> date | None:
    """The Gregorian day of a stored Hijri date; None for an empty one."""
    if not value:
        return None
    return parse_hijri(value).to_date()


def hijri_string(year: int, month: int, day: int) -> str:
    return str(calendars.HijriDate(year, month, day))


def end_of_month_string(year: int, month: int) -> str:
    """The real last day of a Hijri month (29 or 30), as stored text."""
    return hijri_string(year, month, calendars.hijri_month_length(year, month))


class HijriDateField(models.CharField):
    """A Hijri date typed by staff as YYYY-MM-DD, validated against the Umm al-Qura tables."""

    default_validators = [validate_hijri]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("Hijri (Umm al-Qura), YYYY-MM-DD."))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs
