"""The permits API in the shape the mobile apps depend on, over X-Session-Token."""

from datetime import datetime

import pytest
from django.test import Client

from accounts import roles
from permits.models import Booking, Slot
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot
from tests.fixtures.permits import SLOT_DAY_NOON

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def future_slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=2)


def staff_client():
    """Staff use the back office with a session (the app login would ask for their TOTP)."""
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    return client


def post_booking(client, slot, **extra):
    body = {"slot": slot.pk, "accept_instructions": True, **extra.pop("body", {})}
    return client.post(BOOKINGS, body, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en", **extra)


def test_services_list_the_five_codes(app_client, pilgrim, permit_services):
    response = app_client(pilgrim).get("/api/v1/permits/services/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    codes = {row["code"] for row in response.json()}
    assert codes == {"hajj", "umrah", "rawdah_men", "rawdah_women", "mashair_vehicle"}
    names = {row["code"]: row["name"] for row in response.json()}
    assert names["rawdah_women"] == "Rawdah visit, women"


def test_slots_of_a_service_on_a_day(app_client, pilgrim, rawdah_slot):
    response = app_client(pilgrim).get(
        "/api/v1/permits/slots/", {"service": "rawdah_men", "date": SLOT_DAY_NOON.date()})

    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == rawdah_slot.pk
    assert (row["service"], row["capacity"], row["remaining"]) == ("rawdah_men", 10, 10)
    assert datetime.fromisoformat(row["starts_at"]) == rawdah_slot.starts_at
    assert set(row) == {"id", "service", "starts_at", "ends_at", "capacity", "remaining"}


def test_staff_with_the_permission_create_slots_pilgrims_cannot(app_client, pilgrim, rawdah_men):
    body = {"service": "rawdah_men", "starts_at": "2026-12-01T12:00:00+03:00",
            "ends_at": "2026-12-01T12:10:00+03:00", "capacity": 40}
    refused = app_client(pilgrim).post("/api/v1/permits/slots/", body,
                                       content_type="application/json")
    created = staff_client().post("/api/v1/permits/slots/", body,
                                     content_type="application/json")

    assert refused.status_code == 403
    assert created.status_code == 201, created.content
    assert created.json()["remaining"] == 40
    assert Slot.objects.get(pk=created.json()["id"]).capacity == 40


def test_slots_outside_the_gender_window_are_refused(app_client, rawdah_men):
    body = {"service": "rawdah_men", "starts_at": "2026-12-01T08:00:00+03:00",
            "ends_at": "2026-12-01T08:10:00+03:00", "capacity": 40}

    response = staff_client().post("/api/v1/permits/slots/", body,
                                      content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "outside_window"


def test_book_with_a_companion_then_list_then_cancel(app_client, pilgrim, future_slot):
    client = app_client(pilgrim)
    companion = {"dependant": DependantFactory(owner=pilgrim, full_name="Ahmad Ali").pk}

    created = post_booking(client, future_slot, body={"companions": [companion]})

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "booked"
    assert body["permit_number"].startswith("RM-")
    assert body["seats"] == 2
    assert [row["id"] for row in client.get(BOOKINGS).json()] == [body["id"]]

    cancelled = client.post(f"{BOOKINGS}{body['id']}/cancel/")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    future_slot.refresh_from_db()
    assert future_slot.remaining == 2


def test_sold_out_is_409_with_its_code(app_client, future_slot):
    booker = PilgrimFactory()
    post_booking(app_client(booker), future_slot,
                 body={"companions": [{"dependant": DependantFactory(owner=booker).pk}]})

    response = post_booking(app_client(PilgrimFactory()), future_slot)

    assert response.status_code == 409
    assert response.json() == {"code": "sold_out", "detail": "No seat is left in this slot."}


def test_a_failed_rule_is_403_with_a_code_and_a_translated_detail(app_client, pilgrim,
                                                                  future_slot):
    woman = {"dependant": DependantFactory(owner=pilgrim, full_name="Fatima", gender="female",
                                           relation="daughter").pk}

    response = post_booking(app_client(pilgrim), future_slot, body={"companions": [woman]})
    arabic = app_client(pilgrim).post(BOOKINGS, {"slot": future_slot.pk, "companions": [woman],
                                                 "accept_instructions": True},
                                      content_type="application/json", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 403
    assert response.json()["code"] == "wrong_gender"
    assert response.json()["detail"].startswith("Fatima cannot book this service")
    assert arabic.json()["code"] == "wrong_gender"


def test_the_same_idempotency_key_returns_the_first_booking(app_client, pilgrim, future_slot):
    client = app_client(pilgrim)

    first = post_booking(client, future_slot, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post_booking(client, future_slot, HTTP_IDEMPOTENCY_KEY="k-1")

    assert again.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1


def test_bookings_list_only_my_own(app_client, pilgrim, future_slot):
    post_booking(app_client(PilgrimFactory()), future_slot)

    assert app_client(pilgrim).get(BOOKINGS).json() == []


def test_others_cannot_cancel_my_booking(app_client, pilgrim, future_slot):
    booking_id = post_booking(app_client(pilgrim), future_slot).json()["id"]

    response = app_client(PilgrimFactory()).post(f"{BOOKINGS}{booking_id}/cancel/")

    assert response.status_code == 404


def test_anonymous_is_refused(client, permit_services):
    assert client.get("/api/v1/permits/services/").status_code in (401, 403)


def test_the_openapi_schema_documents_the_permit_endpoints(admin_client, permit_services):
    schema = admin_client.get("/api/v1/schema/").content.decode()

    for path in ("/api/v1/permits/services/", "/api/v1/permits/slots/",
                 "/api/v1/permits/bookings/", "/api/v1/permits/bookings/{id}/cancel/"):
        assert path in schema
    assert "CompanionInput" in schema
