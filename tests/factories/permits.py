"""Permit slots and identified persons (companions). Services and rules come seeded.

    SlotFactory(service=service_by_code("rawdah_men"), starts_at=..., capacity=5)
    PersonFactory(gender="female")            a companion with a valid national ID
    wall_clock_slot(service, capacity=2)      for tests through the API (the real clock)
    umrah_slot(capacity=1)                    the same, for Umrah, its day bookable whatever
                                              the date (see its docstring)
    SlotTemplateFactory(capacity=10)          a Rawdah pattern, its slots SlotFactory(template=)
    waiting(slot, seats=2)                    an entry in the slot's waiting list
    report(client, request=..., event="printed")   the permit authority's signed report
    booking_at(slot, at=moment, seats=2)      a booking of the slot made at a known moment
    rush_line(admit_per_second=120)           one run as bench/rush/run.py records it (JSON)
"""

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from accounts.identity import saudi_id_with_check_digit
from permits.models import PermitService, Person, Slot, SlotTemplate


def service_by_code(code):
    return PermitService.objects.get(code=code)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    id_type = "national_id"
    id_number = factory.Sequence(lambda n: saudi_id_with_check_digit(f"1{n + 50000000:08d}"))
    full_name = factory.Sequence(lambda n: f"Companion {n}")
    gender = "male"
    date_of_birth = date(1990, 1, 1)
    identity_expires_on = date(2030, 1, 1)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    service = factory.LazyFunction(lambda: service_by_code("rawdah_men"))
    starts_at = factory.Sequence(lambda n: _base() + timedelta(minutes=10 * n))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(minutes=10))
    capacity = 10
    remaining = factory.LazyAttribute(lambda s: s.capacity)


def wall_clock_slot(service, *, capacity):
    """A slot at noon three days from the real clock, inside the seeded rules' booking
    window: the API books against the wall clock, not a test's `now`. The rules of that
    day's Hijri year exist whatever the day (the seeded ones are 1448's)."""
    from .packages import season_of

    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=3)
    season_of(start.date())
    return SlotFactory(service=service, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=capacity)


def umrah_slot(*, capacity):
    """An Umrah slot three days from the real clock (wall_clock_slot) on a day the pages book:
    a blackout covering that day (the seeded Hajj season's, tested on its own) is lifted, so a
    journey through the pages passes on any date, Dhu al-Qadah included."""
    from permits.models import BlackoutPeriod

    slot = wall_clock_slot(service_by_code("umrah"), capacity=capacity)
    day = timezone.localtime(slot.starts_at).date()
    BlackoutPeriod.objects.filter(rule__service=slot.service, starts_on__lte=day,
                                  ends_on__gte=day).delete()
    return slot


def _base():
    from tests.fixtures.permits import SLOT_DAY_NOON

    return SLOT_DAY_NOON


def sms_text(booking, event):
    """The text of the SMS the booking's `event` queued in the outbox (it must exist)."""
    from notifications.models import SmsMessage

    return SmsMessage.objects.get(idempotency_key=f"permit-booking:{booking.pk}:{event}").text


AUTHORITY_EVENTS_URL = "/api/v1/permits/authority/events/"


def report(client, *, secret=None, timestamp=None, language="en", **event):
    """POST the permit authority's report (devtools.fake_permit_authority's payload, the
    `event` keywords) through the test client, signed with `secret` (the portal's first by
    default) at `timestamp` (Unix seconds; now by default)."""
    import json
    import time

    from devtools.fake_permit_authority import event_payload
    from portal.signing import sign, webhook_secrets

    payload = event_payload(**event)
    body = json.dumps(payload).encode()
    secret = secret or webhook_secrets("PERMIT_AUTHORITY_WEBHOOK_SECRETS")[0]
    headers = sign(body, secret, int(time.time()) if timestamp is None else timestamp)
    return client.post(AUTHORITY_EVENTS_URL, data=body, content_type="application/json",
                       headers={**headers, "Accept-Language": language})


class SlotTemplateFactory(factory.django.DjangoModelFactory):
    """A Rawdah pattern (its slots are made with SlotFactory(template=...) in tests)."""

    class Meta:
        model = SlotTemplate

    service = factory.LazyFunction(lambda: service_by_code("rawdah_men"))
    name = factory.Sequence(lambda n: f"Pattern {n}")
    first_start = time(12, 0)
    last_start = time(14, 0)
    capacity = 10


def waiting(slot, *, seats=1, created_at=None):
    """A pilgrim's entry in the slot's waiting list (`seats` for them and their family)."""
    from permits.models import WaitlistEntry

    from .accounts import PilgrimFactory

    return WaitlistEntry.objects.create(slot=slot, user=PilgrimFactory(), seats=seats,
                                        created_at=created_at or timezone.now())


def template_with_slots(*, now, start):
    """A template of capacity 10 and its slots: "started" (an hour before `now`, 5 seats
    taken), then from `start`, an hour apart, "roomy" (3 seats taken), "busy" (8 taken) and
    "full" (10 taken), whose waiting list holds a family of 3 and then a pilgrim alone.
    Returns (template, slots by name, (family, alone))."""
    template = SlotTemplateFactory(capacity=10)
    slots = {}
    for index, (name, taken) in enumerate([("roomy", 3), ("busy", 8), ("full", 10)]):
        slots[name] = SlotFactory(service=template.service, template=template, capacity=10,
                                  remaining=10 - taken,
                                  starts_at=start + timedelta(hours=index))
    slots["started"] = SlotFactory(service=template.service, template=template, capacity=10,
                                   remaining=5, starts_at=now - timedelta(hours=1))
    family = waiting(slots["full"], seats=3, created_at=now - timedelta(hours=2))
    alone = waiting(slots["full"], seats=1, created_at=now - timedelta(hours=1))
    return template, slots, (family, alone)


def release_slots(service, *, count, capacity):
    """`count` slots ten minutes apart from noon three days from the real clock (as
    wall_clock_slot), for a release."""
    first = wall_clock_slot(service, capacity=capacity)
    return [first] + [
        SlotFactory(service=service, starts_at=first.starts_at + timedelta(minutes=10 * n),
                    ends_at=first.ends_at + timedelta(minutes=10 * n), capacity=capacity)
        for n in range(1, count)]


def release_of(slots, *, opens_at, prequeue_minutes=15, admit_per_second=100, pass_seconds=300):
    """A release of these slots (of one service) behind the waiting room."""
    from permits.services import release_create

    return release_create(acting_user=None, service=slots[0].service, slots=slots,
                          opens_at=opens_at, prequeue_minutes=prequeue_minutes,
                          admit_per_second=admit_per_second, pass_seconds=pass_seconds)


def release_info_of(slots, **release):
    """A release of these slots (release_of's arguments), as the waiting room reads it."""
    from permits import waiting_room

    return waiting_room.release_info(release_of(slots, **release).pk)


def booking_at(slot, *, at, seats=1, status="booked"):
    """A booking of `slot` made at the moment `at` (created_at), for `seats` seats: the
    booker and seats - 1 companions, as the booking path leaves its rows."""
    from permits.models import Booking, BookingPerson

    from .accounts import PilgrimFactory

    booking = Booking.objects.create(user=PilgrimFactory(), service=slot.service, slot=slot,
                                     status=status, seats=seats, created_at=at)
    for index in range(seats):
        BookingPerson.objects.create(booking=booking, person=PersonFactory(),
                                     role="booker" if index == 0 else "companion")
    return booking


def rush_line(**fields):
    """One run with the waiting room as bench/rush/run.py records it (permits/rush_record.py),
    a JSON line; by default a run at 100 a second that met every target."""
    import json

    record = {"measured_at": "2026-12-07T10:15:02+00:00", "host": "bench-1",
              "admit_per_second": 100, "pilgrims": 5000, "seats": 500, "arrival_seconds": 10.0,
              "web_cores": 1, "booking_p99_ms": 60.2, "poll_p99_ms": 44.0,
              "sold_out_notice_s": 1.9, "inversions_percent": 0.0, "oversell": 0, "errors": 0,
              "seats_sold": 500, "targets_met": True, **fields}
    return json.dumps({name: value for name, value in record.items() if value is not None})
