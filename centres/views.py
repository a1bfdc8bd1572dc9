"""Kiosk (a registered screen, touch), hall display (public, polls JSON), counter page and
the kiosk registration (staff)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from portal.calendars import local_date

from . import selectors, services, tokens
from .errors import CentreError
from .forms import KioskRegisterForm
from .models import Centre, Counter, Ticket


def _centre(code) -> Centre:
    return get_object_or_404(Centre, code=code, is_active=True)


def _kiosk(request, centre):
    return selectors.kiosk_device_for(centre=centre, token=request.COOKIES.get(tokens.COOKIE, ""))


def kiosk(request, code):
    centre = _centre(code)
    if _kiosk(request, centre) is None:
        return render(request, "centres/kiosk_unregistered.html", {"centre": centre}, status=403)
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
        ticket = services.ticket_draw(device=_kiosk(request, centre), service=service, lane=lane,
                                      mobile=request.POST.get("mobile", ""),
                                      language=translation.get_language() or "ar")
    except CentreError as error:
        messages.error(request, error.message)
        return redirect("centres:kiosk", code=code)
    ahead = len(selectors.waiting_in_call_order(centre=centre, service=service)) - 1
    return render(request, "centres/ticket.html",
                  {"centre": centre, "ticket": ticket, "ahead": max(ahead, 0)})


@login_required
@permission_required("centres.add_kioskdevice", raise_exception=True)
def kiosk_register(request, code):
    """Staff make the screen in front of them a kiosk of the centre: the device's token goes
    into this browser's cookie, its only copy (the database keeps a hash)."""
    centre = _centre(code)
    form = KioskRegisterForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "centres/kiosk_register.html", {"centre": centre, "form": form})
    device, token = services.kiosk_device_register(centre=centre, acting_user=request.user,
                                                   label=form.cleaned_data["label"])
    messages.success(request, translation.gettext(
        "This screen is now the kiosk %(label)s.") % {"label": device.label})
    response = redirect("centres:kiosk", code=code)
    response.set_cookie(tokens.COOKIE, token, max_age=365 * 24 * 3600, httponly=True,
                        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


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
                services.ticket_call_next(counter=counter, acting_user=request.user)
            else:
                services.ticket_finish(counter=counter, acting_user=request.user,
                                       no_show=action == "no_show")
        except CentreError as error:
            messages.info(request, error.message)
        return redirect("centres:counter", pk=pk)
    current = counter.tickets.filter(status=Ticket.Status.CALLED).select_related(
        "service").first()
    return render(request, "centres/counter.html", {"counter": counter, "current": current})
