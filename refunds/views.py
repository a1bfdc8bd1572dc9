"""Staff-only download of exemption documents (uploads are never served directly), and the
public refund calculator."""

from datetime import date

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone

from portal.calculators import calculator_page

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
    return calculator_page(
        request, RefundCalculatorForm, template="refunds/calculator.html",
        throttles=[QuoteAnonThrottle, QuoteUserThrottle], error_type=RefundError,
        compute=_refund_answer, seasons=list(calculator_quote.published_seasons()),
        initial={"cancel_date": timezone.localdate()})


def _refund_answer(data) -> dict:
    quote, policy = calculator_quote.quote(**data)
    return {"quote": quote, "policy": policy,
            "track_opens": _day(policy.get("track_opens")),
            "track_closes": _day(policy.get("track_closes"))}


def _day(iso):
    return date.fromisoformat(iso) if iso else None
