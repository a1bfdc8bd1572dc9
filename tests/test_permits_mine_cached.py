""""My permits" is rendered once per change of what it shows: a second view reads none of
the bookings' rows (one stamp of them instead), and any write to them shows on the very next
view, whichever way it was made (a service, a queryset update), in the viewer's language,
and one account never sees another's copy."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permits import booking as bookings
from permits.models import Booking, BookingPerson, Permit, Person, Slot, WaitlistEntry
from permits.services import booking_cancel
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


@pytest.fixture
def slot(rawdah_men):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    season_of(start.date())  # the rules of that day's year, whatever the day
    return SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=3)


@pytest.fixture
def booked(slot, pilgrim, client):
    booking = bookings.booking_create(acting_user=pilgrim, slot=slot, idempotency_key="mine",
                                      instructions_accepted=True)
    client.force_login(pilgrim)
    return booking


def page(client, language="en"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_a_second_view_reads_a_stamp_not_the_bookings(client, booked):
    first, _reads = page(client)
    second, reads = page(client)

    assert not [sql for sql in reads if sql.lstrip().startswith('SELECT "permits_booking"')]
    assert booked.permit.number in second and "data:image/svg+xml" in second


def test_a_cancellation_shows_at_once(client, booked):
    page(client)
    booking_cancel(booking=booked, acting_user=booked.user)

    text, _reads = page(client)

    assert "data:image/svg+xml" not in text
    assert "permit-cancel" not in text


def test_a_queryset_update_of_the_permit_shows_at_once(client, booked):
    page(client)
    Permit.objects.filter(pk=booked.permit.pk).update(status=Permit.Status.USED)

    text, _reads = page(client)

    assert "data:image/svg+xml" not in text


def test_a_moved_slot_shows_at_once(client, booked):
    before, _reads = page(client)
    Slot.objects.filter(pk=booked.slot_id).update(
        starts_at=booked.slot.starts_at + timedelta(days=1),
        ends_at=booked.slot.ends_at + timedelta(days=1))

    after, _reads = page(client)

    assert after != before


def test_a_changed_name_on_the_booking_shows_at_once(client, booked):
    page(client)
    person = BookingPerson.objects.filter(booking=booked).first().person
    Person.objects.filter(pk=person.pk).update(full_name="Renamed Pilgrim")

    text, _reads = page(client)

    assert "Renamed Pilgrim" in text


def test_a_waiting_list_entry_shows_at_once(client, booked, slot):
    page(client)
    WaitlistEntry.objects.create(slot=slot, user=booked.user, seats=2,
                                 created_at=timezone.now())

    text, _reads = page(client)

    assert 'id="waitlist"' in text


def test_each_language_and_each_account_has_its_own_copy(client, booked, slot):
    english, _reads = page(client, "en")
    arabic, _reads = page(client, "ar")
    other = PilgrimFactory()
    client.force_login(other)
    theirs, _reads = page(client, "en")

    assert 'lang="ar"' in arabic and booked.permit.number in arabic
    assert "My permits" in english
    assert booked.permit.number not in theirs
    assert Booking.objects.filter(user=other).count() == 0
