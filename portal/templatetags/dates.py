"""`{% load dates %}{{ value|dual_date }}`: Hijri and Gregorian dates in the active language.

Each calendar's date is its own isolated run (<bdi class="date">, the time of day a
<bdi class="time">) inside a <span class="dual-date">, which the portal's CSS isolates from
the sentence around it: an Arabic page never pulls a Gregorian day away from its month, nor
a year into the next date's day. Every page that shows a date goes through these filters,
so the isolation is made here once, not template by template. Plain text (SMS, PDF,
e-mail subjects, the admin's columns) comes from portal.calendars.
"""

from datetime import date, datetime

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from portal import calendars
from portal.hijri import hijri_to_gregorian

register = template.Library()


def _isolated(parts):
    return format_html('<span class="dual-date">{}</span>', format_html_join(
        calendars.DATE_SEPARATOR, '<bdi class="date">{}</bdi>', ((part,) for part in parts)))


@register.filter
def dual_date(value):
    """A date (or the Riyadh day of a datetime) in both calendars; empty for no value."""
    if not isinstance(value, date):
        return ""
    return _isolated(calendars.dual_parts(calendars.local_date(value)))


@register.filter
def dual_datetime(value):
    """A moment as its Riyadh date in both calendars and its Riyadh time of day."""
    if not isinstance(value, datetime):
        return dual_date(value)
    # The pattern is the translators' ("%(date)s, %(time)s"): escaped, then filled with
    # the isolated runs.
    return mark_safe(conditional_escape(calendars.datetime_pattern()) % {  # noqa: S308
        "date": dual_date(value),
        "time": format_html('<bdi class="time">{}</bdi>', calendars.format_time_of_day(value)),
    })


@register.filter
def hijri_date(value):
    """The Hijri date alone, for tight spaces such as table cells."""
    if not isinstance(value, date):
        return ""
    try:
        return _isolated([calendars.format_hijri(value)])
    except calendars.CalendarError:
        return _isolated([calendars.format_gregorian(value)])


@register.filter
def hijri_field_date(value):
    """A stored Hijri date ("1449-01-15", a season's key date) in both calendars."""
    if not value:
        return ""
    return dual_date(hijri_to_gregorian(value))
