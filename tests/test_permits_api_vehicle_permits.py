"""Through the API a pilgrim gets a vehicle entry permit to the holy sites for chosen days,
issued at once by the service the page calls, and lists their own; the rules refuse in the
bookings' error shape ({"code", "detail"}) and a refusal records nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from permits import selectors, signing
from permits.dates import local_date
from permits.models import Booking, PermitService, ServiceRule
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.packages import season_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/permits/vehicle-permits/"


def days_ahead(*offsets) -> list[str]:
    """Days from today (the API runs on the wall clock), in a season whose rules exist."""
    today = local_date(timezone.now())
    season_of(today + timedelta(days=max(offsets)))
    return [(today + timedelta(days=offset)).isoformat() for offset in offsets]


def permit_days(*offsets) -> list[str]:
    """Days into the coming period in which vehicles need a permit (5 to 13 Dhu al-Hijjah):
    the seasons up to a year ahead are opened, so one is coming whatever the day."""
    season_of(local_date(timezone.now()) + timedelta(days=360))
    first, _last = selectors.vehicle_permit_period(today=local_date(timezone.now()))
    return [(first + timedelta(days=offset)).isoformat() for offset in offsets]


def apply(client, days, plate="abc 1234", language="en", **extra):
    body = {"plate_number": plate, "vehicle_type": "Bus", "driver_name": "Khalid Driver",
            "driver_id_number": "1000000001", "days": days}
    return client.post(URL, body, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language, **extra)


def test_a_permit_is_issued_at_once_for_its_days(app_client, pilgrim, permit_services):
    later, sooner = permit_days(2, 1)

    response = apply(app_client(pilgrim), [later, sooner, later])

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["status_label"]) == ("booked", "Booked")
    assert (body["plate_number"], body["vehicle_type"], body["driver_name"]) == (
        "ABC 1234", "Bus", "Khalid Driver")
    assert body["days"] == [sooner, later]
    assert body["permit_number"].startswith("VH-")
    assert signing.verify(body["permit_code"])["n"] == body["permit_number"]
    assert Booking.objects.get(pk=body["id"]).user == pilgrim


def test_the_list_holds_my_vehicle_permits_only(app_client, pilgrim, permit_services):
    mine = apply(app_client(pilgrim), permit_days(1)).json()["id"]
    apply(app_client(PilgrimFactory()), permit_days(1), plate="XYZ 999")

    listed = app_client(pilgrim).get(URL)

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [mine]


def test_one_vehicle_has_one_permit_a_day(app_client, pilgrim, permit_services):
    [day] = permit_days(1)
    apply(app_client(pilgrim), [day])

    response = apply(app_client(PilgrimFactory()), [day], plate="ABC 1234")

    assert response.status_code == 400
    assert response.json() == {"code": "vehicle_duplicate",
                               "detail": f"Vehicle ABC 1234 already has a permit for {day}."}
    assert Booking.objects.count() == 1


def test_a_day_in_the_past_is_refused_in_the_reader_language(app_client, pilgrim,
                                                             permit_services):
    days = days_ahead(-1, 3)

    english = apply(app_client(pilgrim), days)
    arabic = apply(app_client(pilgrim), days, language="ar")

    assert english.status_code == 400
    assert english.json() == {"code": "vehicle_days_invalid",
                              "detail": "Choose days within the season, not in the past."}
    assert arabic.json() == {"code": "vehicle_days_invalid",
                             "detail": "اختر أياماً ضمن الموسم وليست في الماضي."}
    assert not Booking.objects.exists()


def test_a_day_no_season_covers_finds_the_service_closed(app_client, pilgrim,
                                                         permit_services):
    response = apply(app_client(pilgrim), [date(2030, 1, 1).isoformat()])

    assert response.status_code == 400
    assert response.json() == {"code": "service_closed",
                               "detail": "This service takes no bookings for that date."}
    assert not Booking.objects.exists()


def test_days_running_past_the_season_are_refused(app_client, pilgrim, permit_services):
    season_end = ServiceRule.objects.get(service__code="mashair_vehicle").valid_until

    response = apply(app_client(pilgrim), [season_end.isoformat(),
                                            (season_end + timedelta(days=1)).isoformat()])

    assert response.status_code == 400
    assert response.json()["code"] == "vehicle_days_invalid"
    assert not Booking.objects.exists()


def test_no_permit_while_the_service_is_switched_off(app_client, pilgrim, permit_services):
    PermitService.objects.filter(code="mashair_vehicle").update(is_active=False)

    response = apply(app_client(pilgrim), permit_days(1), language="ar")

    assert response.status_code == 400
    assert response.json() == {"code": "service_closed",
                               "detail": "لا تقبل هذه الخدمة حجوزات في ذلك التاريخ."}
    assert not Booking.objects.exists()


@pytest.mark.parametrize("days", [[], ["next Tuesday"]])
def test_missing_or_malformed_days_are_a_translated_400(app_client, pilgrim, permit_services,
                                                        days):
    response = apply(app_client(pilgrim), days, language="ar")

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["detail"]) == ("invalid",
                                                                     "مدخلات غير صالحة.")
    assert "days" in response.json()["errors"]
    assert not Booking.objects.exists()


def test_the_same_idempotency_key_returns_the_first_permit(app_client, pilgrim,
                                                           permit_services):
    client = app_client(pilgrim)

    first = apply(client, permit_days(1), HTTP_IDEMPOTENCY_KEY="vehicle-1")
    again = apply(client, permit_days(1), HTTP_IDEMPOTENCY_KEY="vehicle-1")

    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1


def test_an_account_without_a_profile_cannot_apply(app_client, permit_services):
    response = apply(app_client(UserFactory()), permit_days(1))

    assert response.status_code == 403
    assert response.json()["code"] == "profile_required"
    assert not Booking.objects.exists()


def test_the_openapi_schema_documents_the_vehicle_permit_endpoints(admin_client,
                                                                   permit_services):
    schema = admin_client.get("/api/v1/schema/").content.decode()

    assert URL in schema
    assert "VehiclePermitInput" in schema
