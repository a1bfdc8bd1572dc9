"""The eligibility rules of RULES.md section 6, as seeded for 1448, on the booking service."""

from datetime import timedelta

import pytest
from django.utils import translation

from permits import services
from permits.booking import booking_create
from permits.errors import PermitError
from permits.models import Booking, Permit, ServiceRule
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import SlotFactory, service_by_code, sms_text
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


def book(user, slot, *, companions=(), now=NOW, **kwargs):
    return booking_create(acting_user=user, slot=slot, companions=list(companions), now=now,
                                   instructions_accepted=kwargs.pop("accepted", True), **kwargs)


def refusal(user, slot, **kwargs):
    with pytest.raises(PermitError) as info:
        book(user, slot, **kwargs)
    return info.value


def test_a_booking_issues_a_permit_at_once_and_takes_one_seat_per_person(pilgrim, rawdah_slot):
    booking = book(pilgrim, rawdah_slot, companions=[DependantFactory(owner=pilgrim),
                                                DependantFactory(owner=pilgrim)])

    rawdah_slot.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert booking.permit.number.startswith("RM-")
    assert booking.seats == 3
    assert rawdah_slot.remaining == 7


def test_rawdah_once_per_365_days_counts_a_person_booked_as_companion(rawdah_men):
    booker = PilgrimFactory()
    companion = DependantFactory(owner=booker)
    first, second = SlotFactory(service=rawdah_men), SlotFactory(service=rawdah_men)
    book(booker, first, companions=[companion])
    themself = PilgrimFactory(profile__id_number=companion.id_number)  # signs up later

    error = refusal(themself, second)

    assert error.code == "too_frequent"
    assert error.status == 403
    with translation.override("en"):
        assert str(error) == (f"{themself.profile.full_name} already holds a permit for this "
                              "service within 365 days.")


def test_a_cancelled_rawdah_booking_does_not_count_towards_the_365_days(pilgrim, rawdah_men):
    first, second = SlotFactory(service=rawdah_men), SlotFactory(service=rawdah_men)
    services.booking_cancel(booking=book(pilgrim, first), acting_user=pilgrim, now=NOW)

    assert book(pilgrim, second).status == Booking.Status.BOOKED


def test_rawdah_for_men_refuses_a_woman_companion(pilgrim, rawdah_slot):
    daughter = DependantFactory(owner=pilgrim, gender="female")

    error = refusal(pilgrim, rawdah_slot, companions=[daughter])

    assert error.code == "wrong_gender"


def test_companions_are_limited_by_the_rule(pilgrim, rawdah_slot):
    family = [DependantFactory(owner=pilgrim) for _ in range(5)]

    error = refusal(pilgrim, rawdah_slot, companions=family)

    assert (error.code, error.params) == ("too_many_companions", {"max": 4})


def test_rawdah_instructions_must_be_accepted_before_issuance(pilgrim, rawdah_slot):
    assert refusal(pilgrim, rawdah_slot, accepted=False).code == "instructions_required"


def test_booking_opens_n_days_ahead_and_closes_m_minutes_before(pilgrim, rawdah_slot):
    too_early = rawdah_slot.starts_at - timedelta(days=31)
    too_late = rawdah_slot.starts_at - timedelta(minutes=59)

    assert refusal(pilgrim, rawdah_slot, now=too_early).code == "not_open_yet"
    assert refusal(pilgrim, rawdah_slot, now=too_late).code == "booking_closed"


def test_a_permit_neither_used_nor_cancelled_bars_a_new_one_for_a_year(pilgrim, rawdah_men):
    missed = SlotFactory(service=rawdah_men, starts_at=NOW - timedelta(days=100),
                         ends_at=NOW - timedelta(days=100) + timedelta(minutes=10))
    rule = ServiceRule.objects.get(service=rawdah_men, season=1448)
    rule.frequency_days = None  # isolate the no-show bar from the frequency rule
    rule.save()
    book(pilgrim, missed, now=missed.starts_at - timedelta(days=1))
    services.bookings_mark_no_show(now=NOW)

    error = refusal(pilgrim, SlotFactory(service=rawdah_men))

    assert error.code == "no_show_barred"


def test_no_overlapping_permits_across_services(pilgrim, rawdah_slot):
    umrah = SlotFactory(service=service_by_code("umrah"), starts_at=rawdah_slot.starts_at,
                        ends_at=rawdah_slot.ends_at + timedelta(hours=2))
    book(pilgrim, rawdah_slot)

    assert refusal(pilgrim, umrah).code == "overlap"


def test_one_umrah_permit_per_person_in_ramadan(pilgrim):
    umrah = service_by_code("umrah")
    rule = ServiceRule.objects.get(service=umrah, season=1448)
    rule.booking_opens_days = 365
    rule.save()
    ramadan_1 = NOW.replace(year=2027, month=2, day=10, hour=10)  # 3 Ramadan 1448
    first = SlotFactory(service=umrah, starts_at=ramadan_1, ends_at=ramadan_1 + timedelta(hours=3))
    later = SlotFactory(service=umrah, starts_at=ramadan_1 + timedelta(days=10),
                        ends_at=ramadan_1 + timedelta(days=10, hours=3))
    book(pilgrim, first)

    assert refusal(pilgrim, later).code == "once_in_ramadan"


def test_umrah_blackout_around_hajj(pilgrim):
    umrah = service_by_code("umrah")
    rule = ServiceRule.objects.get(service=umrah, season=1448)
    blackout = rule.blackouts.get()
    start = NOW.replace(year=blackout.starts_on.year, month=blackout.starts_on.month,
                        day=blackout.starts_on.day, hour=10)
    slot = SlotFactory(service=umrah, starts_at=start, ends_at=start + timedelta(hours=2))

    error = refusal(pilgrim, slot, now=start - timedelta(days=5))

    assert error.code == "blackout"


def test_a_repeated_idempotency_key_returns_the_first_booking(pilgrim, rawdah_slot):
    first = book(pilgrim, rawdah_slot, idempotency_key="tap-1")
    again = book(pilgrim, rawdah_slot, idempotency_key="tap-1")

    rawdah_slot.refresh_from_db()
    assert again.pk == first.pk
    assert Booking.objects.count() == 1
    assert rawdah_slot.remaining == 9


def test_the_last_seat_then_sold_out(pilgrim, rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=1)
    book(pilgrim, slot)

    assert refusal(PilgrimFactory(), slot).code == "sold_out"


def test_cancelling_returns_the_seats_and_cancels_the_permit(pilgrim, rawdah_slot):
    booking = book(pilgrim, rawdah_slot, companions=[DependantFactory(owner=pilgrim)])

    services.booking_cancel(booking=booking, acting_user=pilgrim, now=NOW)

    rawdah_slot.refresh_from_db()
    assert rawdah_slot.remaining == rawdah_slot.capacity
    assert Permit.objects.get(booking=booking).status == Permit.Status.CANCELLED
    assert booking.permit.number in sms_text(booking, "cancelled")


def test_cancellation_cutoff(pilgrim, rawdah_slot):
    booking = book(pilgrim, rawdah_slot)

    with pytest.raises(PermitError) as info:
        services.booking_cancel(booking=booking, acting_user=pilgrim,
                                now=rawdah_slot.starts_at - timedelta(minutes=119))
    assert info.value.code == "cancel_too_late"


def test_another_account_cannot_cancel(pilgrim, rawdah_slot):
    booking = book(pilgrim, rawdah_slot)

    with pytest.raises(PermitError) as info:
        services.booking_cancel(booking=booking, acting_user=PilgrimFactory(), now=NOW)
    assert info.value.code == "not_yours"


def test_a_booking_sends_an_sms_through_the_outbox(pilgrim, rawdah_slot):
    from notifications.models import SmsMessage

    booking = book(pilgrim, rawdah_slot)

    sms = SmsMessage.objects.get(idempotency_key=f"permit-booking:{booking.pk}:booked")
    assert booking.permit.number in sms.text
