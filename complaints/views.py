"""Pilgrim pages: file a complaint, follow its timeline, reply, confirm or reopen, escalate;
and attachment downloads for those allowed to see them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import profile_required
from compensation import selectors as compensation_selectors
from compensation.errors import CompensationError
from compensation.models import mask_iban
from compensation.payouts import claim_payout_account_set

from . import selectors, services
from .errors import ComplaintError
from .forms import ComplaintForm, PayoutAccountForm, ReasonForm, ReplyForm
from .models import Attachment


@profile_required
def complaint_list(request):
    return render(request, "complaints/list.html", {
        "complaints": selectors.complaint_list_for_pilgrim(user=request.user)})


@profile_required
def complaint_new(request):
    contracts = selectors.contracts_open_to_complaints(user=request.user)
    form = ComplaintForm(request.POST or None, request.FILES or None, contracts=contracts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_file(
                acting_user=request.user, about=data["about"], contract=data["contract"],
                item=data["item"], failure=data["failure"], description=data["description"],
                occurred_at=data["occurred_at"], files=data["files"])
        except ComplaintError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your complaint %(number)s is received.")
                             % {"number": complaint.number})
            return redirect("complaints:detail", number=complaint.number)
    return render(request, "complaints/new.html", {"form": form, "contracts": contracts})


def _own(request, number):
    complaint = selectors.complaint_get_for_pilgrim(user=request.user, number=number)
    if complaint is None:
        raise Http404
    return complaint


@profile_required
def complaint_detail(request, number):
    complaint = _own(request, number)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_reply(complaint=complaint, acting_user=request.user,
                                     text=form.cleaned_data["text"],
                                     files=form.cleaned_data["files"])
        except ComplaintError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("complaints:detail", number=number)
    return _detail(request, complaint, form=form)


def _detail(request, complaint, *, form=None, payout_form=None):
    claim = getattr(complaint, "claim", None)
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "form": form or ReplyForm(), "reason_form": ReasonForm(),
        "timeline": selectors.complaint_timeline(complaint=complaint),
        "can_escalate": complaint.provider_time_passed(timezone.now()),
        "claim": claim,
        "payout_account": mask_iban(claim.payout_iban) if claim else "",
        "payout_form": (payout_form or PayoutAccountForm()) if claim and (
            compensation_selectors.claim_payout_account_open(claim=claim)) else None,
    })


@profile_required
@require_POST
def complaint_payout_account(request, number):
    """The pilgrim gives the IBAN their compensation is paid to (the API's service)."""
    complaint = _own(request, number)
    claim = getattr(complaint, "claim", None)
    if claim is None:
        raise Http404
    form = PayoutAccountForm(request.POST)
    if form.is_valid():
        try:
            claim_payout_account_set(claim=claim, acting_user=request.user,
                                     iban=form.cleaned_data["iban"])
        except ValidationError as error:
            form.add_error("iban", error)
        except CompensationError as error:
            # The account is closed (the payout is on its way): the page shows no form.
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your compensation will be paid to this account."))
        if not form.errors:
            return redirect("complaints:detail", number=number)
    return _detail(request, complaint, payout_form=form)


def _act(request, number, call, done_message):
    complaint = _own(request, number)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        call(complaint, reason)
    except ComplaintError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return redirect("complaints:detail", number=number)


@require_POST
@profile_required
def complaint_confirm(request, number):
    return _act(request, number, lambda c, reason: services.complaint_confirm(
        complaint=c, acting_user=request.user),
        _("Thank you: the complaint is closed as resolved."))


@require_POST
@profile_required
def complaint_reopen(request, number):
    return _act(request, number, lambda c, reason: services.complaint_reopen(
        complaint=c, acting_user=request.user, reason=reason), _("The complaint is reopened."))


@require_POST
@profile_required
def complaint_escalate(request, number):
    return _act(request, number, lambda c, reason: services.complaint_escalate(
        complaint=c, acting_user=request.user, reason=reason),
        _("The complaint is escalated to the ministry's monitors."))


@login_required
def attachment_download(request, token):
    """Only the pilgrim, the provider's staff, the care centre and the ministry may read it."""
    attachment = get_object_or_404(Attachment.objects.select_related("complaint"), token=token)
    if not services.may_see(user=request.user, complaint=attachment.complaint):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                            as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


REPORT_FORMATS = {"csv": ("csv_data", "text/csv; charset=utf-8"),
                  "pdf": ("pdf_data", "application/pdf")}


@login_required
def monthly_report_download(request, pk, fmt):
    """A monthly report's CSV or PDF, for ministry monitors only (403 for anyone else)."""
    if not request.user.has_perm("complaints.download_monthlyreport"):
        raise PermissionDenied
    if fmt not in REPORT_FORMATS:
        raise Http404
    report = get_object_or_404(selectors.monthly_report_list_for_user(user=request.user)
                               .defer(None), pk=pk)
    field, content_type = REPORT_FORMATS[fmt]
    response = HttpResponse(bytes(getattr(report, field)), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="complaints-{report.authority.code}-{report.month:%Y-%m}.{fmt}"')
    return response
