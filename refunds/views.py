"""Staff-only download of exemption documents (uploads are never served directly), and the
public refund calculator."""

from datetime import date

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from portal.throttling import throttled_response

from . import calculator as calculator_quote
from .admin import ExemptionClaimAdmin
from .api import QuoteAnonThrottle, QuoteUserThrottle
from .errors import RefundError
from .forms import RefundCalculatorForm
from .models import ExemptionDocument


@login_required
def document(request, pk):
    # Signed-in non-staff get the 403 page: the admin's login would send them back here.
    if not request.user.is_staff:
        raise PermissionDenied

    item = ExemptionDocument.objects.select_related("claim__contract").filter(pk=pk).first()
    claim_admin = ExemptionClaimAdmin(item.claim.__class__, admin.site) if item else None
    if item is None or not claim_admin.has_view_permission(request, item.claim):
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True,
                        filename=item.file.name.rsplit("/", 1)[-1])


def calculator(request):
    """The public refund calculator: the API's computation (refunds.calculator.quote) behind
    a GET form, throttled by the API's own limiter. Bad input is a 400 with the reasons."""
    seasons = list(calculator_quote.published_seasons())
    form = RefundCalculatorForm(request.GET if _submitted(request, RefundCalculatorForm) else None,
                                seasons=seasons, initial={"cancel_date": timezone.localdate()})
    context = {"form": form}
    if form.is_bound:
        refused = throttled_response(request, [QuoteAnonThrottle, QuoteUserThrottle])
        if refused:
            return refused
        if form.is_valid():
            try:
                context["quote"], context["policy"] = calculator_quote.quote(**form.cleaned_data)
            except RefundError as error:
                form.add_domain_error(error)
        if form.errors:
            return render(request, "refunds/calculator.html", context, status=400)
        policy = context["policy"]
        context["track_opens"] = _day(policy.get("track_opens"))
        context["track_closes"] = _day(policy.get("track_closes"))
    return render(request, "refunds/calculator.html", context)


def _submitted(request, form_class):
    return any(name in request.GET for name in form_class.base_fields)


def _day(iso):
    return date.fromisoformat(iso) if iso else None
