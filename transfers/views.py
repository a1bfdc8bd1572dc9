"""The pilgrim's priority transfer page: offer, request, choose an agent (thin views)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import profile_required

from . import selectors, services
from .errors import TransferError
from .forms import HeirClaimForm
from .models import AccreditedAgent, HeirClaim, Match, Province, Registration, Relation


@profile_required
def overview(request):
    context = selectors.transfer_overview(user=request.user)
    context["relations"] = Relation.choices
    return render(request, "transfers/overview.html", context)


def _act(request, call, success, **kwargs):
    try:
        call(**kwargs)
    except TransferError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("transfers:overview")


@require_POST
@profile_required
def offer(request, pk):
    registration = get_object_or_404(Registration, pk=pk, holder=request.user)
    try:
        price = Decimal(request.POST.get("price", ""))
    except InvalidOperation:
        messages.error(request, _("Enter the price in SAR."))
        return redirect("transfers:overview")
    return _act(request, services.offer_create, _("Your offer is in line for a match."),
                acting_user=request.user, registration=registration, price=price,
                relative_id_number=request.POST.get("relative_id_number", ""))


@require_POST
@profile_required
def ask(request):
    province = get_object_or_404(Province, pk=request.POST.get("province") or 0)
    return _act(request, services.request_create, _("Your request is in line for a match."),
                acting_user=request.user, province=province,
                relation=request.POST.get("relation", ""),
                relative_id_number=request.POST.get("relative_id_number", ""))


@require_POST
@profile_required
def choose_agent(request, pk):
    match = get_object_or_404(Match, pk=pk)
    agent = get_object_or_404(AccreditedAgent, pk=request.POST.get("agent") or 0)
    return _act(request, services.match_choose_agent, _("Your choice of agent is recorded."),
                match=match, acting_user=request.user, agent=agent)


@profile_required
def heir_claim(request):
    """An heir takes over a deceased holder's priority by filing the probate document."""
    form = HeirClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The same answer whether or not the registration exists (services.heir_claim_file).
            services.heir_claim_file(acting_user=request.user, **form.cleaned_data)
        except TransferError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your claim is received; staff will review your "
                                        "documents."))
            return redirect("transfers:overview")
    return render(request, "transfers/heir_claim.html", {
        "form": form, "heir_claims": selectors.heir_claim_list_for_user(user=request.user)})


@login_required
def probate_document(request, token):
    """Only the claimant and the staff who review heir claims may read the document."""
    claim = get_object_or_404(HeirClaim, token=token)
    if not services.heir_claim_may_read(claim=claim, user=request.user):
        raise Http404
    response = FileResponse(claim.probate_document.open("rb"), content_type=claim.content_type,
                            as_attachment=True, filename=claim.original_name or "probate")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
