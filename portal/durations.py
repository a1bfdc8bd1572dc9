"""Durations as staff read them: "2 h 15 min", "3 days 4 h", never a count of seconds."""

from datetime import timedelta

from django.utils.translation import gettext, ngettext


def human_duration(value: timedelta | int | float) -> str:
    """The duration in days, hours and minutes (the two largest parts that are not zero),
    translated and plural-aware; under a minute reads "less than a minute"."""
    seconds = int(abs(value.total_seconds() if isinstance(value, timedelta) else value))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d h", "%(count)d h", hours) % {"count": hours})
    if minutes and not days:
        parts.append(ngettext("%(count)d min", "%(count)d min", minutes) % {"count": minutes})
    if not parts:
        return gettext("less than a minute")
    return " ".join(parts[:2])
