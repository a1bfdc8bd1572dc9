"""`{% load dates %}{{ value|dual_date }}`: Hijri and Gregorian dates in the active language."""

from datetime import date, datetime

from django import template

from portal import calendars
from portal.hijri import hijri_to_gregorian

register = template.Library()


@register.filter
def dual_date(value):
    """A date (or the Riyadh day of a datetime) in both calendars; empty for no value."""
    if not isinstance(value, date):
        return ""
    return calendars.format_dual(value)


@register.filter
def dual_datetime(value):
    """A moment as its Riyadh date in both calendars and its Riyadh time of day."""
    if isinstance(value, datetime):
        return calendars.format_dual_datetime(value)
    return dual_date(value)


@register.filter
def hijri_date(value):
    """The Hijri date alone, for tight spaces such as table cells."""
    if not isinstance(value, date):
        return ""
    try:
        return calendars.format_hijri(value)
    except calendars.CalendarError:
        return calendars.format_gregorian(value)


@register.filter
def hijri_field_date(value):
    """A stored Hijri date ("1449-01-15", a season's key date) in both calendars."""
    if not value:
        return ""
    return dual_date(hijri_to_gregorian(value))
