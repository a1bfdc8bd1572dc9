"""Formatting of service-level figures: `{% load sla %}{{ value|percent }}`."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def percent(value):
    if value is None:
        return "—"
    return _("%(value)s%%") % {"value": number_format(value, 1)}


WORKING_DAYS = "working_days"


@register.filter
def duration(seconds, unit=""):
    """A processing time in the largest unit that keeps it readable; `unit` WORKING_DAYS:
    working seconds (sla.rollups), shown in working days of 24 working hours."""
    if seconds is None:
        return "—"
    if unit == WORKING_DAYS:
        days = seconds / 86400
        whole = days == int(days)
        # A fraction takes the general plural form in every catalogue's language, which is
        # the form of 100 in all six (Arabic's "other" included).
        return ngettext("%(value)s working day", "%(value)s working days",
                        int(days) if whole else 100) % {
            "value": number_format(days, 0 if whole else 1)}
    if seconds < 120:
        return _("%(value)s s") % {"value": number_format(seconds, 0)}
    if seconds < 2 * 3600:
        return _("%(value)s min") % {"value": number_format(seconds / 60, 1)}
    if seconds < 2 * 86400:
        return _("%(value)s h") % {"value": number_format(seconds / 3600, 1)}
    return _("%(value)s days") % {"value": number_format(seconds / 86400, 1)}


@register.filter
def status_class(status):
    return {"green": "text-bg-success", "amber": "text-bg-warning",
            "red": "text-bg-danger"}.get(status, "text-bg-light")


@register.filter
def cell(level, metric):
    return level.cells[metric]
