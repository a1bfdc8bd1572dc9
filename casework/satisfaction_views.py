"""The help desk's satisfaction figures, beside the SLA monitor (the same monitors)."""

from django.shortcuts import render

from sla import dashboard
from sla.forms import RangeForm
from sla.selectors import season_days
from sla.views import monitor_required

from .satisfaction import satisfaction_by_kind_and_team


def _range(request):
    """(form, year or None, first_day, last_day): the monitor's range rules (a date range
    wins over a season; the current season to date by default)."""
    form = RangeForm(request.GET or None)
    year, first_day, last_day = dashboard.current_season_range()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("start") and data.get("end"):
            return form, None, data["start"], data["end"]
        if data.get("year"):
            first, last = season_days(data["year"])
            return form, data["year"], first, min(last, last_day)
    return form, year, first_day, last_day


@monitor_required
def satisfaction(request):
    form, year, first_day, last_day = _range(request)
    return render(request, "casework/satisfaction.html", {
        "form": form, "year": year, "first_day": first_day, "last_day": last_day,
        "lines": satisfaction_by_kind_and_team(first_day=first_day, last_day=last_day),
    })
