"""Kiosk (public, touch), hall display (public, polls JSON), counter page (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from portal.calendars import local_date

from . import selectors, services
from .errors import CentreError
from .models import Centre, Counter, Ticket


def _centre(code) -> Centre:
    return get_object_or_404(Centre, code=code, is_active=True)


def kiosk(request, code):
    centre = _centre(code)
    return render(request, "centres/kiosk.html",
                  {"centre": centre, "services": selectors.service_list(centre=centre),
                   "lanes": Ticket.Lane})


@require_POST
def draw(request, code):
    centre = _centre(code)
    service = get_object_or_404(centre.services, pk=request.POST.get("service") or 0)
    lane = request.POST.get("lane")
    if lane not in Ticket.Lane.values:
        raise Http404
    try:
        ticket = services.ticket_draw(service=service, lane=lane,
                                      mobile=request.POST.get("mobile", ""),
                                      language=translation.get_language() or "ar")
    except CentreError as error:
        messages.error(request, error.message)
        return redirect("centres:kiosk", code=code)
    ahead = len(selectors.waiting_in_call_order(centre=centre, service=service)) - 1
    return render(request, "centres/ticket.html",
                  {"centre": centre, "ticket": ticket, "ahead": max(ahead, 0)})


def display(request, code):
    return render(request, "centres/display.html", {"centre": _centre(code)})


def display_data(request, code):
    board = selectors.display_board(centre=_centre(code), day=local_date(timezone.now()))
    response = JsonResponse(board)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def counter_desk(request, pk):
    counter = get_object_or_404(Counter.objects.select_related("centre"), pk=pk)
    if not (request.user.is_superuser or counter.operators.filter(pk=request.user.pk).exists()):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "next":
                services.ticket_call_next(counter=counter, by=request.user)
            else:
                services.ticket_finish(counter=counter, by=request.user,
                                       no_show=action == "no_show")
        except CentreError as error:
            messages.info(request, error.message)
        return redirect("centres:counter", pk=pk)
    current = counter.tickets.filter(status=Ticket.Status.CALLED).select_related(
        "service").first()
    return render(request, "centres/counter.html", {"counter": counter, "current": current})
