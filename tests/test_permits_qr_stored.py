"""A permit's QR code is drawn once, on the first view of "my permits", and kept: later views
show the stored drawing and write nothing, until the code it encodes changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permits import booking as bookings
from permits import signing
from permits.models import PermitQR
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(rawdah_men, pilgrim, client):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    season_of(start.date())  # the rules of that day's year, whatever the day
    slot = SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=3)
    booking = bookings.booking_create(acting_user=pilgrim, slot=slot, idempotency_key="qr",
                                      instructions_accepted=True)
    client.force_login(pilgrim)
    return booking


def _writes(queries):
    return [q["sql"] for q in queries if q["sql"].split(None, 1)[0] in ("INSERT", "UPDATE")
            and "permits_permitqr" in q["sql"]]


def test_booking_draws_nothing_the_first_view_draws_and_stores(booked, client):
    assert not PermitQR.objects.exists()

    page = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    stored = PermitQR.objects.get(permit=booked.permit)
    assert stored.svg.startswith("data:image/svg+xml")
    assert stored.svg in page
    assert signing.verify(stored.code)["n"] == booked.permit.number


def test_a_second_view_reuses_the_stored_drawing_and_writes_nothing(booked, client):
    client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en")
    made_at = PermitQR.objects.get().made_at

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert _writes(queries.captured_queries) == []
    stored = PermitQR.objects.get()
    assert stored.made_at == made_at
    assert stored.svg in page


def test_the_print_page_shows_the_stored_code(booked, client):
    client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en")
    stored = PermitQR.objects.get()

    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/permits/permit/{booked.permit.number}/",
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert _writes(queries.captured_queries) == []
    assert stored.code in page and stored.svg in page


def test_a_changed_payload_is_drawn_again(booked, client):
    client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en")
    before = PermitQR.objects.get()
    # A held seat taken up (an invited companion accepted) changes who the gate admits.
    type(booked).objects.filter(pk=booked.pk).update(seats=2)

    client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en")

    after = PermitQR.objects.get()
    assert after.code != before.code
    assert signing.verify(after.code)["p"] == 2


def test_a_cancelled_permit_shows_no_code(booked, client):
    from permits.services import booking_cancel

    client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en")
    stored = PermitQR.objects.get()
    booking_cancel(booking=booked, acting_user=booked.user)

    page = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert stored.svg not in page
