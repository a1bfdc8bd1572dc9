import csv
from datetime import date
from functools import cache, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import roles
from accounts.middleware import staff_needs_mfa_setup

from . import dashboard, health
from .errors import SlaError
from .forms import DrillDownForm, RangeForm, SurveyForm
from .metrics import trend
from .models import provider_model
from .policies import policy_for
from .rollups import FIGURES_VERSION
from .selectors import season_days, survey_answered, survey_token_read, transactions_behind
from .services import survey_answer

METRICS = ("satisfaction", "transactions", "processing", "availability", "digitisation",
           "completion")
# The CSV's column names, in the reader's language (the table's own headings).
METRIC_LABELS = {
    "satisfaction": gettext_lazy("Satisfaction"), "transactions": gettext_lazy("Transactions"),
    "processing": gettext_lazy("Processing time"), "availability": gettext_lazy("Availability"),
    "digitisation": gettext_lazy("Digitisation"), "completion": gettext_lazy("Completion"),
}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = health.readiness()
    ready = all(checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks,
                         "degraded": health.degraded_answers()},
                        status=200 if ready else 503)


# --- Survey -----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def survey(request, token):
    """The one-question survey, reached from the result page or the SMS link (no sign-in:
    the signed link is the permission)."""
    try:
        transaction_id, via = survey_token_read(
            token, max_age_days=policy_for(timezone.now()).survey_valid_days)
    except SlaError as error:
        return render(request, "sla/survey_done.html", {"message": error.message}, status=404)
    if request.method == "GET" and survey_answered(transaction_id=transaction_id):
        # A link used once says so at once, rather than asking a question it will refuse.
        error = SlaError("survey_answered")
        return render(request, "sla/survey_done.html", {"message": error.message},
                      status=error.status)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(transaction_id=transaction_id, via=via, **form.cleaned_data)
        except SlaError as error:
            return render(request, "sla/survey_done.html", {"message": error.message},
                          status=error.status)
        return render(request, "sla/survey_done.html",
                      {"message": _("Thank you: your answer helps us improve the service."),
                       "thanked": True})
    return render(request, "sla/survey.html", {"form": form})


# --- Monitor dashboard ------------------------------------------------------------------

def monitor_required(view):
    """Ministry monitors and administrators, with their second factor set up."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or roles.user_has_role(user, roles.MONITOR)
                or roles.user_has_role(user, roles.MINISTRY_ADMIN)):
            raise PermissionDenied
        if staff_needs_mfa_setup(user):
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def _range(request, form_class=RangeForm):
    """(form, year or None, first_day, last_day) from the query string."""
    form = form_class(request.GET or None)
    year, first_day, last_day = dashboard.current_season_range()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("start") and data.get("end"):
            return form, None, data["start"], data["end"]
        if data.get("year"):
            first_day, last_day = season_days(data["year"])
            return form, data["year"], first_day, min(last_day, _today_or(last_day))
    return form, year, first_day, last_day


def _today_or(day: date) -> date:
    return min(day, dashboard.current_season_range()[2])


def _as_float(value):
    return None if value is None else float(value)


def _trend_series(first_day, last_day, service_id=None):
    first, last = dashboard.default_trend_range(first_day=first_day, last_day=last_day)
    points = trend(first_day=first, last_day=last, service_id=service_id)
    return {
        "labels": [day.isoformat() for day, _f in points],
        "series": {
            "transactions": [f.started for _d, f in points],
            "satisfaction": [_as_float(f.satisfaction) for _d, f in points],
            "availability": [_as_float(f.availability) for _d, f in points],
            "completion": [_as_float(f.completion) for _d, f in points],
        },
        "names": {"transactions": _("Transactions"), "satisfaction": _("Satisfaction (%)"),
                  "availability": _("Availability (%)"), "completion": _("Completion (%)")},
    }


@monitor_required
def monitor(request):
    form, year, first_day, last_day = _range(request)
    levels = dashboard.service_levels(first_day=first_day, last_day=last_day)
    service_code = request.GET.get("service", "")
    chosen = next((level.service for level in levels if level.service.code == service_code),
                  None)
    return render(request, "sla/monitor.html", {
        "form": form, "year": year, "first_day": first_day, "last_day": last_day,
        "levels": levels, "metrics": METRICS, "policy": policy_for(last_day),
        "providers": dashboard.provider_levels(first_day=first_day, last_day=last_day),
        "trend": _trend_series(first_day, last_day, chosen.pk if chosen else None),
        "chosen": chosen, "range_query": _range_query(first_day, last_day),
    })


def _range_query(first_day, last_day):
    return f"start={first_day.isoformat()}&end={last_day.isoformat()}"


@monitor_required
def monitor_export(request):
    """The table shown, as CSV (one row per service, target and actual of each figure)."""
    _form, _year, first_day, last_day = _range(request)
    levels = dashboard.service_levels(first_day=first_day, last_day=last_day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="service-levels-{first_day}-{last_day}.csv"')
    response.write("\ufeff")  # so spreadsheet programs read the Arabic names as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("From"), _("To"), _("Code"), _("E-service"),
                     # Translators: a CSV column, e.g. "Satisfaction (target)".
                     *[_("%(metric)s (%(part)s)") % {"metric": METRIC_LABELS[name], "part": part}
                       for name in METRICS for part in (_("target"), _("actual"), _("status"))]])
    for level in levels:
        row = [first_day, last_day, level.service.code, str(level.service)]
        for name in METRICS:
            item = level.cells[name]
            actual = item.actual
            if name == "processing":
                actual = "/".join("" if v is None else f"{v:.0f}" for v in actual)
            row += [item.target, "" if actual is None else actual, item.status]
        writer.writerow(row)
    return response


@monitor_required
def monitor_transactions(request):
    form, _year, first_day, last_day = _range(request, DrillDownForm)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = transactions_behind(
        first_day=first_day, last_day=last_day, service_code=filters.get("service") or "",
        provider_id=filters.get("provider"), outcome=filters.get("outcome") or "",
        channel=filters.get("channel") or "", rated=bool(filters.get("rated")),
        before=filters.get("before"),
    )
    query = request.GET.copy()
    query.pop("before", None)
    return render(request, "sla/monitor_transactions.html", {
        "form": form, "rows": rows, "first_day": first_day, "last_day": last_day,
        "filters": filters, "next_query": query.urlencode(),
        "next_before": rows[-1].started_at.isoformat() if len(rows) == 100 else "",
    })


# --- Public pages -----------------------------------------------------------------------

def service_levels_public(request):
    """The live figures in the shape the ministry publishes them (RULES.md section 1)."""
    form, year, first_day, last_day = _range(request)
    # Read only when the template's copy (per language, range and FIGURES_VERSION) is
    # missing: the template calls them, each at most once.
    return render(request, "sla/service_levels.html", {
        "form": form, "year": year, "first_day": first_day, "last_day": last_day,
        "levels": cache(lambda: dashboard.service_levels(first_day=first_day,
                                                         last_day=last_day)),
        "policy": cache(lambda: policy_for(last_day)),
        "figures_version": FIGURES_VERSION,
    })


def provider_scorecard(request, pk):
    provider = get_object_or_404(provider_model().objects.prefetch_related("translations"), pk=pk)
    if not provider.is_active:
        raise Http404
    _form, year, first_day, last_day = _range(request)
    level = dashboard.provider_levels(first_day=first_day, last_day=last_day,
                                      provider_ids=[provider.pk])[0]
    return render(request, "sla/provider_scorecard.html", {
        "level": level, "year": year, "first_day": first_day, "last_day": last_day,
        "list_url": reverse("sla:providers"),
    })


def provider_list(request):
    _form, year, first_day, last_day = _range(request)
    return render(request, "sla/provider_list.html", {
        "levels": dashboard.provider_levels(first_day=first_day, last_day=last_day),
        "year": year, "first_day": first_day, "last_day": last_day,
    })


