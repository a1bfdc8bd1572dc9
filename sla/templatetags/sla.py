"""Formatting of service-level figures: `{% load sla %}{{ value|percent }}`."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value):
    if value is None:
        return "—"
    return _("%(value)s%%") % {"value": number_format(value, 1)}


@register.filter
def duration(seconds):
    """A processing time in the largest unit that keeps it readable."""
    if seconds is None:
        return "—"
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
