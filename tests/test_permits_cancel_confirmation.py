"""Cancelling a permit booking asks first, on a page of its own that works without script:
GET says what the booking is and what cancelling does (or why it can no longer be done),
POST cancels. Only the booking's owner sees or does either."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permits.booking import booking_create
from permits.models import Booking, Permit
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW, SLOT_DAY_NOON

pytestmark = pytest.mark.django_db

TITLE = {"ar": "هل تريد إلغاء هذا الحجز؟", "en": "Cancel this booking?"}
CONFIRM = {"ar": "نعم، ألغِ الحجز", "en": "Yes, cancel the booking"}


@pytest.fixture
def booking(pilgrim, rawdah_men):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    season_of(start.date())
    slot = SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=3)
    return booking_create(acting_user=pilgrim, slot=slot, companions=[],
                          instructions_accepted=True)


def url(booking):
    return f"/permits/booking/{booking.pk}/cancel/"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_page_says_what_cancelling_does_and_changes_nothing(client, pilgrim, booking,
                                                                language):
    client.force_login(pilgrim)

    response = client.get(url(booking), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE[language] in html and CONFIRM[language] in html
    assert booking.permit.number in html
    assert 'id="confirm-consequences"' in html and '<form method="post"' in html
    assert "<script>" not in html and " style=" not in html  # no inline code for the CSP
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_confirming_cancels(client, pilgrim, booking):
    client.force_login(pilgrim)

    response = client.post(url(booking))

    assert response.status_code == 302 and response["Location"] == "/permits/mine/"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.permit.status == Permit.Status.CANCELLED


def test_my_permits_links_to_the_page_instead_of_cancelling_at_once(client, pilgrim, booking):
    client.force_login(pilgrim)

    html = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'permit-cancel" href="{url(booking)}"' in html
    assert f'action="{url(booking)}"' not in html


def test_a_booking_past_its_cutoff_is_said_so_without_the_button(client, pilgrim, rawdah_men):
    slot = SlotFactory(service=rawdah_men, starts_at=SLOT_DAY_NOON,
                       ends_at=SLOT_DAY_NOON + timedelta(minutes=10))
    booking = booking_create(acting_user=pilgrim, slot=slot, companions=[],
                             instructions_accepted=True, now=NOW)  # its slot has passed
    client.force_login(pilgrim)

    html = client.get(url(booking), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This booking can no longer be cancelled." in html
    assert 'id="confirm-action"' not in html


def test_a_cancelled_booking_is_said_so(client, pilgrim, booking):
    client.force_login(pilgrim)
    client.post(url(booking))

    html = client.get(url(booking), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This booking cannot be cancelled in its current state." in html
    assert 'id="confirm-action"' not in html


def test_another_account_gets_a_404_and_cancels_nothing(client, booking):
    client.force_login(PilgrimFactory())

    assert client.get(url(booking)).status_code == 404
    assert client.post(url(booking)).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
