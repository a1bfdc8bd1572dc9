"""Pages for pilgrims (book, my permits, waiting list) and gate staff. Views stay thin."""

import uuid
from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accounts.decorators import profile_required
from consent import selectors as consent_selectors

from . import booking as bookings
from . import selectors, services, signing, waiting_room
from .dates import local_date
from .errors import PermitError
from .forms import BookingForm, CompanionFormSet, GateForm, VehicleForm
from .models import Permit, PermitService, Slot, WaitlistEntry

CALENDAR_DAYS = 14
WEEK = 7


def service_list(request):
    """The catalogue, for anyone: a visitor is asked to sign in to book; a signed-in person
    sees, for a service they cannot use, why instead of a "Book" button."""
    services = list(selectors.service_list())
    availability = selectors.service_availability(user=request.user, services=services)
    for service in services:
        service.unavailable = availability[service.pk]
    return render(request, "permits/service_list.html", {"services": services})


@profile_required
def service_calendar(request, code):
    service = get_object_or_404(PermitService, code=code, is_active=True)
    if service.kind == PermitService.Kind.VEHICLE:
        return redirect("permits:vehicle")
    if service.kind == PermitService.Kind.HAJJ:
        return redirect("permits:hajj")
    unavailable = selectors.service_unavailable(user=request.user, service=service)
    today = local_date(timezone.now())
    day = _day_param(request, today)
    days = selectors.slot_days(service=service, start=today, days=CALENDAR_DAYS)
    for row in days:
        row["level"] = selectors.availability_level(remaining=row["remaining"],
                                                    capacity=row["capacity"])
    slots = list(selectors.slot_list(service=service, day=day))
    for slot in slots:
        slot.level = selectors.availability_level(remaining=slot.remaining, capacity=slot.capacity)
    # A phone shows one week of days in a strip (and a date field), then the chosen day's
    # times: the week holding the chosen day, with links to the weeks either side.
    index = next((i for i, row in enumerate(days) if row["day"] == day), 0)
    first = index - index % WEEK
    week = days[first:first + WEEK]
    return render(request, "permits/calendar.html", {
        "service": service, "days": days, "week": week, "day": day, "slots": slots,
        "earlier": days[first - WEEK]["day"] if first else None,
        "later": days[first + WEEK]["day"] if first + WEEK < len(days) else None,
        "first_day": days[0]["day"], "last_day": days[-1]["day"],
        "unavailable": unavailable})


def _day_param(request, default):
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return default


def _session_pass_key(release_id: int) -> str:
    return f"permits.queue_pass.{release_id}"


@profile_required
def book(request, slot_id):
    slot = get_object_or_404(Slot.objects.select_related("service"), pk=slot_id)
    # A slot of an open release: its booking page needs the waiting room's pass.
    release = waiting_room.release_for_slot(slot.pk, now=timezone.now().timestamp())
    queue_pass = request.session.get(_session_pass_key(release.id), "") if release else ""
    if release is not None and not queue_pass:
        return _to_waiting_room(release, slot)
    rule = selectors.rule_for(service=slot.service, day=local_date(slot.starts_at))
    form = BookingForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    companions = _companion_formset(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and companions.is_valid():
        try:
            booking = bookings.booking_create(
                acting_user=request.user, slot=slot,
                companions=_companions_chosen(request, companions),
                instructions_accepted=form.cleaned_data["accept_instructions"],
                idempotency_key=form.cleaned_data["idempotency_key"], queue_pass=queue_pass)
        except PermitError as error:
            if error.code == "queue":  # the pass expired or was used: back to the line
                request.session.pop(_session_pass_key(release.id), None)
                return _to_waiting_room(release, slot)
            messages.error(request, error.message)
            if error.code == "sold_out":
                return render(request, "permits/sold_out.html", {"slot": slot}, status=409)
        else:
            if release is not None:
                request.session.pop(_session_pass_key(release.id), None)
            messages.success(request, _booked_message(booking))
            return redirect("permits:mine")
    # A service this person cannot use shows why, and no form (a POST is still refused above).
    return render(request, "permits/book.html", {
        "slot": slot, "rule": rule, "form": form, "companions": companions,
        "max_companions": rule.max_companions if rule else 0,
        "unavailable": selectors.service_unavailable(user=request.user, service=slot.service)})


def _companion_formset(request, *, data=None):
    """The party's companions, as the booking page and the waiting-list join ask for them."""
    return CompanionFormSet(
        data, prefix="companions",
        form_kwargs={"dependants": consent_selectors.dependants_for_owner(owner=request.user)})


def _companions_chosen(request, companions):
    # The API's companions (services.companions_from): the same checks, raising PermitError.
    rows = companions.cleaned_data if companions.is_bound else []
    return services.companions_from(user=request.user, data=[row for row in rows if row])


def _to_waiting_room(release, slot):
    return redirect(f"{reverse('permits:queue', args=[release.id])}?slot={slot.pk}")


@profile_required
def queue_wait(request, release_id):
    """The waiting room's page: the place in line, the estimated wait and the seats left,
    refreshed by a meta refresh (no script needed) and by static/js/permits_queue.js; when
    admitted, the pass goes into the session and the booking page opens with it."""
    release = waiting_room.release_info(release_id)
    if release is None:
        raise Http404
    slot = _release_slot(release, request.GET.get("slot", ""))
    now = timezone.now().timestamp()
    if now < release.prequeue_from:  # the queue is not open yet: no place to take
        return render(request, "permits/queue.html", {
            "unavailable": bookings.release_not_open(release).message, "slot": slot})
    try:
        # Coming back keeps the place; one that expired is taken again only when asked.
        place = waiting_room.poll(release.id, user_id=request.user.pk, now=now)
        if place.state == "none" or (place.state == "expired" and request.GET.get("again")):
            place = waiting_room.join(release, user_id=request.user.pk, now=now)
    except waiting_room.QueueUnavailable:
        return render(request, "permits/queue.html", {
            "unavailable": PermitError("queue_unavailable").message, "slot": slot,
            "refresh": 30}, status=503)
    if place.state == "admitted":
        request.session[_session_pass_key(release.id)] = place.queue_pass
    return render(request, "permits/queue.html", {
        "place": place, "slot": slot, "release": release,
        "opens_at": datetime.fromtimestamp(release.opens_at, tz=UTC),
        "poll_url": waiting_room.poll_path(release_id=release.id, user_id=request.user.pk),
        "refresh": place.retry_after_s if place.state in ("prequeue", "waiting") else 0})


def _release_slot(release, value):
    try:
        slot_id = int(value)
    except ValueError:
        slot_id = min(release.slot_ids) if release.slot_ids else None
    if slot_id not in release.slot_ids:
        return None
    return Slot.objects.select_related("service").filter(pk=slot_id).first()


def _booked_message(booking):
    issued = gettext("Permit %(number)s is issued.") % {"number": booking.permit.number}
    if booking.held_seats:
        return issued + " " + gettext(
            "Invited companions join once they accept; their seats are held until then.")
    return issued


@profile_required
def my_permits(request):
    """The account's permits, rendered once per change: the cards and the waiting list are
    kept per account, language and signing key under a stamp of every row they show
    (selectors.my_permits_stamp), so any write shows on the next view; the bookings others
    made with this account holder (with a CSRF token) are rendered on every view."""
    stamp, others = selectors.my_permits_stamp(user=request.user, profile=request.user.profile)
    key = (f"permits:mine:{request.user.pk}:{translation.get_language()}:"
           f"{signing.key_id()}:{stamp}")
    parts = cache.get(key)
    if parts is None:
        parts = _my_permits_parts(request)
        cache.set(key, parts, settings.FRAGMENT_CACHE_SECONDS)
    return render(request, "permits/mine.html", {
        **parts,
        "in_my_name": selectors.booked_by_others_for_user(user=request.user) if others else []})


def _my_permits_parts(request):
    bookings = list(selectors.booking_list_for_user(user=request.user))
    valid = [booking.permit for booking in bookings
             if getattr(booking, "permit", None)
             and selectors.permit_state(permit=booking.permit) == Permit.Status.VALID]
    drawn = services.permit_qr(permits=valid)
    for booking in bookings:
        stored = drawn.get(getattr(getattr(booking, "permit", None), "pk", None))
        booking.qr = stored.svg if stored else ""
    return {
        "cards_html": render_to_string("permits/_mine_cards.html", {
            "bookings": selectors.with_invitations(bookings)}),
        "waitlist_html": render_to_string("permits/_mine_waitlist.html", {
            "waitlist": selectors.waitlist_for_user(user=request.user)})}


@require_http_methods(["GET", "POST"])
@profile_required
def leave(request, pk):
    """GET: what taking oneself off another account's booking does (templates/confirm.html);
    POST: take oneself off."""
    booking = get_object_or_404(selectors.booked_by_others_for_user(user=request.user), pk=pk)
    if request.method == "GET":
        refusal = services.booking_leave_refusal(booking=booking)
        return render(request, "permits/leave_confirm.html", {
            "booking": booking, "keep_url": reverse("permits:mine"),
            "refusal": refusal.message if refusal else None})
    try:
        services.booking_leave(booking=booking, acting_user=request.user)
    except PermitError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, translation.gettext("You are taken off this booking."))
    return redirect("permits:mine")


@require_http_methods(["GET", "POST"])
@profile_required
def cancel(request, pk):
    """GET: what cancelling this booking does, on a page of its own (no script needed);
    POST: cancel it."""
    booking = get_object_or_404(selectors.booking_list_for_user(user=request.user), pk=pk)
    if request.method == "GET":
        refusal = services.booking_cancel_refusal(booking=booking)
        return render(request, "permits/cancel_confirm.html", {
            "booking": booking, "permit": getattr(booking, "permit", None),
            "keep_url": reverse("permits:mine"),
            "refusal": refusal.message if refusal else None})
    try:
        services.booking_cancel(booking=booking, acting_user=request.user)
    except PermitError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, translation.gettext("The booking is cancelled."))
    return redirect("permits:mine")


@profile_required
def print_permit(request, number):
    """The printable permit; the browser saves it as PDF. The permit itself is in the
    pilgrim's language, as the PDF is; the page around it stays in the one being browsed.

    A permit that no longer admits anyone (cancelled, used, or its time passed unused) is still
    its owner's to read, from a message's link or "my permits": with its state said, and
    neither the QR nor the code, which the gate would refuse anyway."""
    permit, language = _own_permit(request, number)
    start, end = services.permit_validity(booking=permit.booking)
    state = selectors.permit_state(permit=permit)
    stored = (services.permit_qr(permits=[permit])[permit.pk]
              if state == Permit.Status.VALID else None)
    return render(request, "permits/print.html", {
        "permit": permit, "booking": permit.booking, "state": state,
        "qr": stored.svg if stored else "", "code": stored.code if stored else "",
        "valid_from": start, "valid_until": end,
        "persons": permit.booking.persons.select_related("person"),
        "permit_language": language})


def _own_permit(request, number) -> tuple[Permit, str]:
    """The signed-in pilgrim's permit, whatever its state (404 for anyone else's, as for one
    that does not exist), and the language it is shown in: the profile's, else the page's."""
    permit = get_object_or_404(Permit.objects.select_related("booking__service", "booking__slot"),
                               number=number, booking__user=request.user)
    profile = getattr(request.user, "profile", None)
    language = getattr(profile, "preferred_language", "") or translation.get_language()
    # parler fixed the service's language when the row was loaded: the page's, not this one.
    permit.booking.service.set_current_language(language)
    return permit, language


@require_http_methods(["GET", "POST"])
@profile_required
def waitlist_join(request, slot_id):
    """GET: who waits (the party: companions take seats, as in the API's join); POST: join.
    A POST without companions joins alone. The rules are the service's, as for the API."""
    slot = get_object_or_404(Slot.objects.select_related("service"), pk=slot_id)
    # A POST without the party's rows (a page or script from before the join asked) joins
    # alone, as it always did.
    companions = _companion_formset(
        request, data=request.POST if "companions-TOTAL_FORMS" in request.POST else None)
    if request.method == "POST" and (companions.is_valid() or not companions.is_bound):
        # A slot of an open release: joining its waiting list needs the pass, as booking does.
        release = waiting_room.release_for_slot(slot.pk, now=timezone.now().timestamp())
        queue_pass = request.session.get(_session_pass_key(release.id), "") if release else ""
        try:
            bookings.waitlist_join(acting_user=request.user, slot=slot,
                                   companions=_companions_chosen(request, companions),
                                   queue_pass=queue_pass)
        except PermitError as error:
            if error.code == "queue":  # no pass, or it expired or was used: to the line
                request.session.pop(_session_pass_key(release.id), None)
                return _to_waiting_room(release, slot)
            messages.error(request, error.message)
        else:
            if release is not None:
                request.session.pop(_session_pass_key(release.id), None)
            messages.success(request, translation.gettext("You are on the waiting list."))
            return redirect("permits:mine")
    rule = selectors.rule_for(service=slot.service, day=local_date(slot.starts_at))
    return render(request, "permits/waitlist_join.html", {
        "slot": slot, "companions": companions,
        "max_companions": rule.max_companions if rule else 0})


@profile_required
def waitlist_confirm(request, token):
    entry = get_object_or_404(WaitlistEntry.objects.select_related("slot__service"), token=token,
                              user=request.user)
    if request.method == "POST":
        try:
            booking = services.waitlist_confirm(token=token, acting_user=request.user,
                                                instructions_accepted=bool(
                                                    request.POST.get("accept_instructions")))
        except PermitError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _booked_message(booking))
            return redirect("permits:mine")
    return render(request, "permits/waitlist_confirm.html", {"entry": entry})


@require_http_methods(["GET", "POST"])
@profile_required
def waitlist_leave(request, token):
    """GET: what declining the seats offered, or leaving the line, gives up
    (templates/confirm.html); POST: do it."""
    entry = get_object_or_404(WaitlistEntry.objects.select_related("slot__service"), token=token,
                              user=request.user)
    refusal = services.waitlist_leave_refusal(entry=entry)
    if request.method == "GET":
        keep = (reverse("permits:waitlist_confirm", args=[entry.token])
                if entry.status == WaitlistEntry.Status.OFFERED else reverse("permits:mine"))
        return render(request, "permits/waitlist_leave_confirm.html", {
            "entry": entry, "keep_url": keep,
            "refusal": refusal.message if refusal else None})
    offered = entry.status == WaitlistEntry.Status.OFFERED
    try:
        if refusal:  # out of the line already: leaving again would say it left
            raise refusal
        left = services.waitlist_leave(entry=entry, acting_user=request.user)
        if left.status != WaitlistEntry.Status.CANCELLED:  # its offer lapsed meanwhile
            raise PermitError("waitlist_left")
    except PermitError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("You declined the seats offered; they go to the next "
                                          "in line.") if offered
                         else gettext("You have left the waiting list."))
    return redirect("permits:mine")


@profile_required
def hajj(request):
    # The pilgrim's package contracts, through the user (packages sits above permits).
    contracts = request.user.contracts.select_related("provider")
    if request.method == "POST":
        contract = get_object_or_404(contracts, pk=request.POST.get("contract"))
        try:
            services.hajj_request_create(acting_user=request.user, contract=contract,
                                         idempotency_key=request.POST.get("idempotency_key", ""))
        except PermitError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, translation.gettext("Your Hajj permit request is sent."))
            return redirect("permits:mine")
    hajj_service = PermitService.objects.filter(kind=PermitService.Kind.HAJJ).first()
    unavailable = hajj_service and selectors.service_unavailable(user=request.user,
                                                                  service=hajj_service)
    return render(request, "permits/hajj.html", {"contracts": contracts, "unavailable": unavailable,
                                                 "idempotency_key": uuid.uuid4().hex})


@profile_required
def vehicle(request):
    today = local_date(timezone.now())
    period = selectors.vehicle_permit_period(today=today)
    form = VehicleForm(request.POST or None, days=selectors.vehicle_permit_days_open(
        period=period, today=today))
    if request.method == "POST" and form.is_valid():
        try:
            services.vehicle_permit_create(acting_user=request.user, **form.cleaned_data)
        except PermitError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, translation.gettext("Your vehicle permit is issued."))
            return redirect("permits:mine")
    return render(request, "permits/vehicle.html", {"form": form, "period": period})


@login_required
@permission_required("permits.change_permit", raise_exception=True)  # the 403 page, no loop
def gate(request):
    """Gate staff scan or type the code; a valid permit is marked used once."""
    form, result, permit = GateForm(request.POST or None), None, None
    if request.method == "POST" and form.is_valid():
        result, permit = services.permit_admit(code=form.cleaned_data["code"],
                                               acting_user=request.user)
        form = GateForm()
    return render(request, "permits/gate.html", {
        "form": form, "result": result, "permit": permit,
        "label": services.GateResult.LABELS.get(result)})


@profile_required
def permit_pdf(request, number):
    """The permit as a PDF file in the pilgrim's language; only its owner may download it,
    as only its owner may open the print page."""
    from .pdf import permit_pdf as render_permit_pdf  # fpdf2 and the fonts load on first use

    permit, language = _own_permit(request, number)
    if selectors.permit_state(permit=permit) != Permit.Status.VALID:
        # The PDF carries the QR: a permit that admits no one is read on its page instead.
        return redirect("permits:print", number=permit.number)
    return HttpResponse(render_permit_pdf(permit, language), content_type="application/pdf",
                        headers={"Content-Disposition": content_disposition_header(
                            as_attachment=True, filename=f"permit-{permit.number}.pdf")})
