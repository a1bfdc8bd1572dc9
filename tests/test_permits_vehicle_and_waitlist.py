"""Vehicle entry permits, and the waiting list offering freed seats to a whole family."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from notifications.models import SmsMessage
from permits import selectors, services
from permits.booking import booking_create
from permits.errors import PermitError
from permits.models import Booking, PermitService, ServiceRule, WaitlistEntry
from portal.calendars import local_date, to_hijri
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory, wall_clock_slot
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


def vehicle(user, days, plate="ABC 1234"):
    return services.vehicle_permit_create(acting_user=user, plate_number=plate, vehicle_type="bus",
                                          driver_name="Driver", driver_id_number="1000000000",
                                          days=days, now=NOW)


def test_a_vehicle_permit_is_issued_at_once_for_its_days(pilgrim, permit_services):
    booking = vehicle(pilgrim, [date(2027, 5, 11), date(2027, 5, 12)])

    assert booking.status == Booking.Status.BOOKED
    assert booking.permit.number.startswith("VH-")
    assert [d.day for d in booking.vehicle_days.all()] == [date(2027, 5, 11), date(2027, 5, 12)]


def test_one_vehicle_one_permit_per_day(pilgrim, permit_services):
    vehicle(pilgrim, [date(2027, 5, 11)])

    with pytest.raises(PermitError) as info:
        vehicle(PilgrimFactory(), [date(2027, 5, 11)], plate="abc 1234")
    assert info.value.code == "vehicle_duplicate"


def test_vehicle_days_in_the_past_are_refused(pilgrim, permit_services):
    with pytest.raises(PermitError) as info:
        vehicle(pilgrim, [NOW.date() - timedelta(days=1)])
    assert info.value.code == "vehicle_days_invalid"


def test_a_vehicle_permit_covers_only_the_days_a_permit_is_needed(pilgrim, permit_services):
    # 5 to 13 Dhu al-Hijjah 1448 are 11 to 19 May 2027; the 14th is the 20th.
    with pytest.raises(PermitError) as info, translation.override("en"):
        vehicle(pilgrim, [date(2027, 5, 19), date(2027, 5, 20)])
    assert info.value.code == "vehicle_days_outside_ban"
    assert "13 Dhu al-Hijjah 1448" in str(info.value.message)

    rule = ServiceRule.objects.get(service__code="mashair_vehicle", season=1448)
    rule.vehicle_ban_to_day = 14  # staff widen the period for this season
    rule.save()

    assert vehicle(pilgrim, [date(2027, 5, 19), date(2027, 5, 20)]).permit.number


def test_the_vehicle_page_states_the_period_staff_set(client, pilgrim, permit_services):
    client.force_login(pilgrim)
    # The page states the coming period on the wall clock's day: 1448's while it is ahead
    # (11 to 19 May 2027), else a later season's, opened here so one is always coming.
    today = local_date(timezone.now())
    season_of(today + timedelta(days=360))
    year = to_hijri(selectors.vehicle_permit_period(today=today)[0]).year

    page = strip_tags(client.get(reverse("permits:vehicle"),
                                 HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert f"from 5 Dhu al-Hijjah {year} AH" in page
    assert f"to 13 Dhu al-Hijjah {year} AH" in page


@pytest.fixture
def full_slot(rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=2)
    holder = PilgrimFactory()
    booking_create(acting_user=holder, slot=slot, companions=[DependantFactory(owner=holder)],
                            instructions_accepted=True, now=NOW)
    return slot


def test_freed_seats_are_offered_to_the_first_family_that_fits(full_slot, pilgrim):
    family = services.waitlist_join(acting_user=pilgrim, slot=full_slot,
                                     companions=[DependantFactory(owner=pilgrim)], now=NOW)
    holder = full_slot.bookings.get()

    services.booking_cancel(booking=holder, acting_user=holder.user, now=NOW)

    family.refresh_from_db()
    full_slot.refresh_from_db()
    assert family.status == WaitlistEntry.Status.OFFERED
    assert full_slot.remaining == 0  # held for the family until they confirm
    offer_sms = f"permit-waitlist:{family.pk}:offered"
    assert SmsMessage.objects.filter(idempotency_key=offer_sms).exists()

    booking = services.waitlist_confirm(token=family.token, acting_user=pilgrim, now=NOW)
    assert booking.seats == 2
    full_slot.refresh_from_db()
    assert full_slot.remaining == 0


def test_an_unconfirmed_offer_passes_to_the_next_entry(full_slot, pilgrim):
    first = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)
    second = services.waitlist_join(acting_user=PilgrimFactory(), slot=full_slot, now=NOW)
    holder = full_slot.bookings.get()
    services.booking_cancel(booking=holder, acting_user=holder.user, now=NOW)
    first.refresh_from_db()

    services.waitlist_expire_offers(now=first.offer_expires_at + timedelta(seconds=1))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.EXPIRED
    assert second.status == WaitlistEntry.Status.OFFERED
    with pytest.raises(PermitError):
        services.waitlist_confirm(token=first.token, acting_user=pilgrim,
                                  now=first.offer_expires_at + timedelta(seconds=2))


def test_a_slot_with_seats_has_no_waiting_list(rawdah_slot, pilgrim):
    with pytest.raises(PermitError) as info:
        services.waitlist_join(acting_user=pilgrim, slot=rawdah_slot, now=NOW)
    assert info.value.code == "waitlist_not_full"


def test_joining_again_gives_back_my_place_in_line(full_slot, pilgrim):
    first = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)

    again = services.waitlist_join(acting_user=pilgrim, slot=full_slot,
                                   companions=[DependantFactory(owner=pilgrim)], now=NOW)

    assert again.pk == first.pk
    assert again.seats == 1  # the party that joined first, not the retry's
    assert WaitlistEntry.objects.filter(user=pilgrim).count() == 1


def test_joining_again_while_offered_gives_back_the_offer(full_slot, pilgrim):
    entry = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)
    holder = full_slot.bookings.get()
    services.booking_cancel(booking=holder, acting_user=holder.user, now=NOW)

    again = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)

    assert (again.pk, again.status) == (entry.pk, WaitlistEntry.Status.OFFERED)
    assert WaitlistEntry.objects.filter(user=pilgrim).count() == 1


def test_one_who_left_the_line_may_join_it_again(full_slot, pilgrim):
    left = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)
    services.waitlist_leave(entry=left, acting_user=pilgrim, now=NOW)

    rejoined = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)

    assert rejoined.pk != left.pk
    assert rejoined.status == WaitlistEntry.Status.WAITING


def test_the_database_holds_one_live_entry_per_account_and_slot(full_slot, pilgrim):
    # The guard when two joins run at once: neither sees the other's entry before inserting.
    services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)

    with pytest.raises(IntegrityError), transaction.atomic():
        WaitlistEntry.objects.create(slot=full_slot, user=pilgrim, seats=1, created_at=NOW)


def test_a_double_click_on_the_join_button_queues_once(client, rawdah_men, pilgrim):
    # The page runs on the real clock, so the full slot is days ahead of it.
    full_slot = wall_clock_slot(rawdah_men, capacity=1)
    booking_create(acting_user=PilgrimFactory(), slot=full_slot, instructions_accepted=True)
    client.force_login(pilgrim)
    url = reverse("permits:waitlist_join", args=[full_slot.pk])

    client.post(url)
    second = client.post(url, follow=True)

    assert WaitlistEntry.objects.filter(user=pilgrim, slot=full_slot).count() == 1
    assert {message.level_tag for message in second.context["messages"]} == {"success"}


def test_a_confirmed_entry_is_left_by_cancelling_its_booking(full_slot, pilgrim):
    entry = services.waitlist_join(acting_user=pilgrim, slot=full_slot, now=NOW)
    holder = full_slot.bookings.get()
    services.booking_cancel(booking=holder, acting_user=holder.user, now=NOW)
    services.waitlist_confirm(token=entry.token, acting_user=pilgrim, now=NOW)

    with pytest.raises(PermitError) as info:
        services.waitlist_leave(entry=entry, acting_user=pilgrim, now=NOW)

    assert (info.value.code, info.value.status) == ("waitlist_booked", 400)
    with translation.override("en"):
        assert str(info.value.message) == (
            "These seats are already booked: cancel the booking instead.")


def test_no_vehicle_permit_while_the_service_is_switched_off(pilgrim, permit_services):
    PermitService.objects.filter(code="mashair_vehicle").update(is_active=False)

    with pytest.raises(PermitError) as info:
        vehicle(pilgrim, [date(2027, 5, 11)])

    assert info.value.code == "service_closed"
    assert not Booking.objects.exists()


def test_no_vehicle_permit_for_days_no_season_rule_covers(pilgrim, permit_services):
    ServiceRule.objects.filter(service__code="mashair_vehicle").delete()

    with pytest.raises(PermitError) as info:
        vehicle(pilgrim, [date(2027, 5, 11)])

    assert info.value.code == "service_closed"
    assert not Booking.objects.exists()


def test_vehicle_days_running_past_the_season_are_refused(pilgrim, permit_services):
    rule = ServiceRule.objects.get(service__code="mashair_vehicle")

    with pytest.raises(PermitError) as info:
        vehicle(pilgrim, [rule.valid_until, rule.valid_until + timedelta(days=1)])

    assert info.value.code == "vehicle_days_invalid"
