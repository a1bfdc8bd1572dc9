"""The pilgrim's priority transfer page: offer, request, choose an agent (thin views)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import profile_required

from . import selectors, services
from .errors import TransferError
from .models import AccreditedAgent, Match, Province, Registration, Relation


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
                user=request.user, registration=registration, price=price)


@require_POST
@profile_required
def ask(request):
    province = get_object_or_404(Province, pk=request.POST.get("province") or 0)
    return _act(request, services.request_create, _("Your request is in line for a match."),
                user=request.user, province=province,
                relation=request.POST.get("relation", ""),
                relative_id_number=request.POST.get("relative_id_number", ""))


@require_POST
@profile_required
def choose_agent(request, pk):
    match = get_object_or_404(Match, pk=pk)
    agent = get_object_or_404(AccreditedAgent, pk=request.POST.get("agent") or 0)
    return _act(request, services.match_choose_agent, _("Your choice of agent is recorded."),
                match=match, user=request.user, agent=agent)
