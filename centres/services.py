"""Writes of the service centres: drawing tickets, calling the next one, finishing.

Fairness rule (documented for staff in the centre's admin help text): a counter calls the
priority lane first, but after `Centre.priority_run_limit` priority tickets in a row it
takes the oldest regular ticket when one waits, then resets the run. Within a lane, the
oldest ticket first.

Calling is safe under concurrency: the next ticket is taken with SELECT ... FOR UPDATE SKIP
LOCKED, so two counters calling at the same moment get two different tickets and never the
same one; the counter's own row is locked so a double click at one counter is serialised.
"""

import re
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import sms_queue
from portal.calendars import local_date
from sla.services import transaction_record

from .errors import CentreError
from .models import Centre, CentreService, Counter, KioskDevice, Ticket, TicketSequence
from .selectors import waiting_in_call_order
from .tokens import token_hash, token_new

SMS = {
    "drawn": _("Your ticket %(number)s at %(centre)s. We will text you when your turn is near."),
    "near": _("Ticket %(number)s: your turn at %(centre)s is near, please come to the hall."),
    "called": _("Your number %(number)s is called at counter %(counter)s (%(centre)s)."),
}

# Every state of a centre ticket and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py); only tickets drawn with a mobile number are texted.
STAGES = {
    Ticket: {
        Ticket.Status.WAITING: "drawn",
        Ticket.Status.CALLED: "called",
        # Served and no-show are settled at the counter, face to face or in the person's
        # absence after their call: the pilgrim was there, or was called and texted.
        Ticket.Status.SERVED: None,
        Ticket.Status.NO_SHOW: None,
    },
}
LOCAL_MOBILE = re.compile(r"^0?5\d{8}$")
INTERNATIONAL_MOBILE = re.compile(r"^\+[1-9]\d{7,14}$")


def _normalise_mobile(mobile: str) -> str:
    mobile = mobile.replace(" ", "").strip()
    if not mobile:
        return ""
    if LOCAL_MOBILE.match(mobile):
        return "+966" + mobile.lstrip("0")
    if INTERNATIONAL_MOBILE.match(mobile):
        return mobile
    raise CentreError("invalid_mobile")


def _record(ticket: Ticket, *, now):
    """Counter transactions count as non-digital for the digitisation figure."""
    if not ticket.service.eservice_code:
        return
    transaction_record(service=ticket.service.eservice_code, channel="counter",
                       started_at=ticket.issued_at, completed_at=now, outcome="completed",
                       reference=f"centre:{ticket.pk}", now=now)


@transaction.atomic
def kiosk_device_register(*, centre: Centre, label: str,
                          acting_user) -> tuple[KioskDevice, str]:
    """Register a kiosk for `centre`; returns the device and its token, which goes to the
    device once and is kept here only as a hash."""
    token = token_new()
    device = KioskDevice(centre=centre, label=label, token_hash=token_hash(token),
                         registered_by=acting_user)
    device.full_clean(exclude=["token_hash"])
    device.save()
    return device, token


@transaction.atomic
def ticket_draw(*, device: KioskDevice | None, service: CentreService, lane: str,
                mobile: str = "", language: str = "ar", now: datetime | None = None) -> Ticket:
    """A numbered ticket, given only by a registered kiosk of the service's centre.

    The kiosk's row is locked, so its draws are serialised and its per-minute limit holds;
    the per-mobile limit counts the day's tickets at every centre (only registered kiosks
    draw, so only they can text a number).
    """
    now = now or timezone.now()
    if not (service.is_active and service.centre.is_active):
        raise CentreError("service_closed")
    device = _kiosk_locked(device, service.centre)
    mobile = _normalise_mobile(mobile)
    day = local_date(now)
    _check_limits(device=device, centre=service.centre, mobile=mobile, day=day, now=now)
    sequence, _created = TicketSequence.objects.get_or_create(centre=service.centre, day=day,
                                                              lane=lane)
    TicketSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db()
    ticket = Ticket.objects.create(centre=service.centre, service=service, lane=lane, day=day,
                                   number=sequence.last_number, mobile=mobile, device=device,
                                   language=language, issued_at=now)
    if mobile:
        _sms(ticket, "drawn")
    return ticket


def _kiosk_locked(device, centre) -> KioskDevice:
    device = device and KioskDevice.objects.select_for_update().filter(
        pk=device.pk, centre=centre, is_active=True).first()
    if device is None:
        raise CentreError("kiosk_unregistered")
    return device


def _check_limits(*, device, centre, mobile, day, now):
    per_minute = centre.tickets_per_device_per_minute
    if Ticket.objects.filter(device=device, issued_at__gt=now - timedelta(minutes=1)).count() \
            >= per_minute:
        raise CentreError("kiosk_busy", count=per_minute)
    per_day = centre.tickets_per_mobile_per_day
    if mobile and Ticket.objects.filter(mobile=mobile, day=day).count() >= per_day:
        raise CentreError("mobile_limit", count=per_day)


def _sms(ticket, key, **context):
    sms_queue(to=ticket.mobile, message=SMS[key], language=ticket.language, about=ticket,
              context={"number": ticket.display_number, **context,
                       # The centre's name in the ticket's language, like the text.
                       "centre": ticket.centre.safe_translation_getter(
                           "name", language_code=ticket.language, any_language=True)
                       or ticket.centre.code},
              idempotency_key=f"centres:{ticket.pk}:{key}")


def _check_operator(counter, user):
    if not (user.is_superuser or counter.operators.filter(pk=user.pk).exists()):
        raise CentreError("not_operator")


def _waiting(counter: Counter, lane: str):
    return (Ticket.objects.select_for_update(skip_locked=True)
            .filter(centre_id=counter.centre_id, status=Ticket.Status.WAITING, lane=lane,
                    service__in=counter.services.all())
            .order_by("issued_at", "pk"))


@transaction.atomic
def ticket_call_next(*, counter: Counter, acting_user, now: datetime | None = None) -> Ticket:
    """Finish the counter's current ticket, then call the next one under the fairness rule."""
    now = now or timezone.now()
    _check_operator(counter, acting_user)
    counter = Counter.objects.select_for_update().select_related("centre").get(pk=counter.pk)
    _finish_current(counter, status=Ticket.Status.SERVED, now=now)
    ticket = _next_for(counter)
    if ticket is None:
        raise CentreError("nothing_waiting")
    ticket.status, ticket.counter, ticket.called_at = Ticket.Status.CALLED, counter, now
    ticket.save(update_fields=["status", "counter", "called_at"])
    counter.priority_streak = counter.priority_streak + 1 \
        if ticket.lane == Ticket.Lane.PRIORITY else 0
    counter.save(update_fields=["priority_streak"])
    if ticket.mobile:
        _sms(ticket, "called", counter=counter.label)
    _notify_near(counter.centre, ticket.service)
    return ticket


def _next_for(counter: Counter) -> Ticket | None:
    priority = _waiting(counter, Ticket.Lane.PRIORITY).first()
    if priority is not None and counter.priority_streak < counter.centre.priority_run_limit:
        return priority
    regular = _waiting(counter, Ticket.Lane.REGULAR).first()
    return regular or priority


def _finish_current(counter, *, status, now) -> Ticket | None:
    current = Ticket.objects.select_for_update().filter(
        counter=counter, status=Ticket.Status.CALLED).select_related("service").first()
    if current is None:
        return None
    current.status, current.finished_at = status, now
    current.save(update_fields=["status", "finished_at"])
    if status == Ticket.Status.SERVED:
        _record(current, now=now)
    return current


@transaction.atomic
def ticket_finish(*, counter: Counter, acting_user, no_show: bool = False,
                  now: datetime | None = None) -> Ticket:
    now = now or timezone.now()
    _check_operator(counter, acting_user)
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    ticket = _finish_current(counter, now=now, status=Ticket.Status.NO_SHOW if no_show
                             else Ticket.Status.SERVED)
    if ticket is None:
        raise CentreError("nothing_called")
    return ticket


def _notify_near(centre: Centre, service: CentreService):
    """Text those who now have at most `notify_ahead` tickets before them for this service
    (the priority lane counted first, an approximation the fairness rule may shift by one)."""
    for position, ticket in enumerate(waiting_in_call_order(centre=centre, service=service)):
        if position > centre.notify_ahead:
            break
        if ticket.mobile and not ticket.notified_near:
            Ticket.objects.filter(pk=ticket.pk).update(notified_near=True)
            _sms(ticket, "near")
