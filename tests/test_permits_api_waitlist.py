"""Through the API a pilgrim joins the waiting list of a full slot with their family, sees
their place in line and any offer's expiry, accepts an offer (the service the SMS link's page
calls) or leaves the line, which passes a held offer to the next family. Only their own
entries are found; a refusal changes nothing."""


import pytest

from permits import services
from permits.booking import booking_create
from permits.models import Booking, Person, WaitlistEntry
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

URL = "/api/v1/permits/waitlist/"


@pytest.fixture
def full_slot(rawdah_men):
    """A two-seat slot on the wall clock, taken by a family."""
    slot = wall_clock_slot(rawdah_men, capacity=2)
    holder = PilgrimFactory()
    booking_create(acting_user=holder, slot=slot, companions=[DependantFactory(owner=holder)],
                            instructions_accepted=True)
    return slot


def companion(**overrides):
    return {"id_type": "passport", "id_number": "A7654321", "mobile": "+966501234567",
            **overrides}


def join(client, slot, companions=(), language="en", **headers):
    return client.post(URL, {"slot": slot.pk, "companions": list(companions)},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **headers)


def free_the_seats(slot):
    """The family holding the slot cancels; its seats are offered to the first in line."""
    holder = slot.bookings.get(status=Booking.Status.BOOKED)
    services.booking_cancel(booking=holder, acting_user=holder.user)


def test_joining_shows_my_place_in_line_and_party_size(app_client, pilgrim, full_slot):
    join(app_client(PilgrimFactory()), full_slot)

    response = join(app_client(pilgrim), full_slot, [companion()])

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["status_label"]) == ("waiting", "Waiting")
    assert (body["position"], body["party_size"]) == (2, 2)
    assert body["slot"]["id"] == full_slot.pk
    assert (body["offered_at"], body["offer_expires_at"], body["booking"]) == (None, None, None)
    assert [row["id"] for row in app_client(pilgrim).get(URL).json()] == [body["id"]]


def test_a_retried_join_gives_back_the_same_entry(app_client, pilgrim, full_slot):
    client = app_client(pilgrim)
    first = join(client, full_slot, [companion()])

    again = join(client, full_slot, [companion()])

    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert WaitlistEntry.objects.filter(user=pilgrim).count() == 1


def test_a_retried_join_gives_back_the_offer_already_made(app_client, pilgrim, full_slot):
    client = app_client(pilgrim)
    entry_id = join(client, full_slot).json()["id"]
    free_the_seats(full_slot)

    again = join(client, full_slot)

    assert (again.json()["id"], again.json()["status"]) == (entry_id, "offered")
    assert WaitlistEntry.objects.filter(user=pilgrim).count() == 1


def test_the_same_idempotency_key_returns_the_first_entry(app_client, pilgrim, full_slot):
    client = app_client(pilgrim)
    first = join(client, full_slot, HTTP_IDEMPOTENCY_KEY="join-1")
    entry_id = first.json()["id"]
    client.post(f"{URL}{entry_id}/leave/")

    retried = join(client, full_slot, HTTP_IDEMPOTENCY_KEY="join-1")
    rejoined = join(client, full_slot, HTTP_IDEMPOTENCY_KEY="join-2")

    # The retry is answered what the first request was (portal/idempotency.py), not the
    # entry as it stands now; it joins nothing again.
    assert (retried.status_code, retried.json()) == (201, first.json())
    assert retried.json()["status"] == "waiting"
    assert rejoined.json()["id"] != entry_id
    assert rejoined.json()["status"] == "waiting"


def test_a_slot_with_seats_left_has_no_waiting_list(app_client, pilgrim, rawdah_men):
    slot = wall_clock_slot(rawdah_men, capacity=10)

    english = join(app_client(pilgrim), slot)
    arabic = join(app_client(pilgrim), slot, language="ar")

    assert english.status_code == 400
    assert english.json() == {"code": "waitlist_not_full",
                              "detail": "This slot still has seats: book it directly."}
    assert arabic.json() == {"code": "waitlist_not_full",
                             "detail": "ما زالت في هذا الموعد مقاعد: احجزه مباشرة."}
    assert not WaitlistEntry.objects.exists()


def test_a_refused_join_leaves_no_companion_behind(app_client, pilgrim, full_slot):
    woman = {"dependant": DependantFactory(owner=pilgrim, full_name="Maryam",
                                           gender="female").pk}

    response = join(app_client(pilgrim), full_slot, [woman])

    assert response.status_code == 403
    assert response.json()["code"] == "wrong_gender"
    assert not WaitlistEntry.objects.exists()
    assert not Person.objects.filter(full_name="Maryam").exists()


def test_an_unknown_slot_is_not_found(app_client, pilgrim, permit_services):
    response = app_client(pilgrim).post(URL, {"slot": 999999}, content_type="application/json",
                                        HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"code": "no_slot", "detail": "This slot does not exist."}


def test_bad_input_is_a_translated_400(app_client, pilgrim, full_slot):
    response = app_client(pilgrim).post(URL, {"slot": "the noon one"},
                                        content_type="application/json",
                                        HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["detail"]) == ("invalid",
                                                                     "مدخلات غير صالحة.")
    assert not WaitlistEntry.objects.exists()


def test_an_account_without_a_profile_cannot_join(app_client, full_slot):
    response = join(app_client(UserFactory()), full_slot)

    assert response.status_code == 403
    assert response.json()["code"] == "profile_required"


def test_an_offer_shows_its_expiry_and_is_confirmed_into_a_permit(app_client, pilgrim,
                                                                  full_slot):
    client = app_client(pilgrim)
    entry_id = join(client, full_slot, [companion()]).json()["id"]
    free_the_seats(full_slot)

    [offered] = client.get(URL).json()
    assert (offered["status"], offered["position"]) == ("offered", None)
    assert offered["offer_expires_at"] is not None

    confirmed = client.post(f"{URL}{entry_id}/confirm/", {"accept_instructions": True},
                            content_type="application/json")

    assert confirmed.status_code == 201, confirmed.content
    booking = confirmed.json()
    assert (booking["status"], booking["seats"]) == ("booked", 2)
    assert booking["permit_number"].startswith("RM-")
    [entry] = client.get(URL).json()
    assert (entry["status"], entry["booking"]) == ("confirmed", booking["id"])
    full_slot.refresh_from_db()
    assert full_slot.remaining == 0


def test_an_offer_is_confirmed_only_with_the_instructions_accepted(app_client, pilgrim,
                                                                   full_slot):
    client = app_client(pilgrim)
    entry_id = join(client, full_slot).json()["id"]
    free_the_seats(full_slot)

    response = client.post(f"{URL}{entry_id}/confirm/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"code": "instructions_required",
                               "detail": "Read and accept the instructions before booking."}
    assert WaitlistEntry.objects.get(pk=entry_id).status == WaitlistEntry.Status.OFFERED
    assert not Booking.objects.filter(user=pilgrim).exists()


def test_an_entry_still_waiting_has_no_offer_to_confirm(app_client, pilgrim, full_slot):
    client = app_client(pilgrim)
    entry_id = join(client, full_slot).json()["id"]

    response = client.post(f"{URL}{entry_id}/confirm/", {"accept_instructions": True},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["code"] == "offer_expired"
    assert WaitlistEntry.objects.get(pk=entry_id).status == WaitlistEntry.Status.WAITING


def test_leaving_moves_the_next_family_up(app_client, pilgrim, full_slot):
    client, behind = app_client(pilgrim), app_client(PilgrimFactory())
    entry_id = join(client, full_slot).json()["id"]
    join(behind, full_slot)

    left = client.post(f"{URL}{entry_id}/leave/", HTTP_ACCEPT_LANGUAGE="en")

    assert left.status_code == 200
    assert (left.json()["status"], left.json()["position"]) == ("cancelled", None)
    assert behind.get(URL).json()[0]["position"] == 1
    again = client.post(f"{URL}{entry_id}/leave/")
    assert (again.status_code, again.json()["status"]) == (200, "cancelled")


def test_leaving_with_an_offer_passes_the_seats_to_the_next_family(app_client, pilgrim,
                                                                  full_slot):
    client, behind = app_client(pilgrim), app_client(PilgrimFactory())
    entry_id = join(client, full_slot).json()["id"]
    join(behind, full_slot)
    free_the_seats(full_slot)

    left = client.post(f"{URL}{entry_id}/leave/")

    assert left.json()["status"] == "cancelled"
    [next_family] = behind.get(URL).json()
    assert next_family["status"] == "offered"
    full_slot.refresh_from_db()
    assert full_slot.remaining == 1  # of the two freed, one is held for the next family


def test_a_confirmed_entry_cannot_be_left(app_client, pilgrim, full_slot):
    client = app_client(pilgrim)
    entry_id = join(client, full_slot).json()["id"]
    free_the_seats(full_slot)
    client.post(f"{URL}{entry_id}/confirm/", {"accept_instructions": True},
                content_type="application/json")

    response = client.post(f"{URL}{entry_id}/leave/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"code": "waitlist_booked",
                               "detail": "These seats are already booked: cancel the booking "
                                         "instead."}
    assert WaitlistEntry.objects.get(pk=entry_id).status == WaitlistEntry.Status.CONFIRMED


def test_nobody_else_sees_confirms_or_leaves_my_entry(app_client, pilgrim, full_slot):
    entry_id = join(app_client(pilgrim), full_slot).json()["id"]
    free_the_seats(full_slot)
    other = app_client(PilgrimFactory())

    assert other.get(URL).json() == []
    assert other.post(f"{URL}{entry_id}/confirm/", {"accept_instructions": True},
                      content_type="application/json").status_code == 404
    assert other.post(f"{URL}{entry_id}/leave/").status_code == 404
    assert WaitlistEntry.objects.get(pk=entry_id).status == WaitlistEntry.Status.OFFERED


def test_the_openapi_schema_documents_the_waitlist_endpoints(admin_client, permit_services):
    schema = admin_client.get("/api/v1/schema/").content.decode()

    for path in (URL, f"{URL}{{id}}/confirm/", f"{URL}{{id}}/leave/"):
        assert path in schema
    assert "WaitlistJoinInput" in schema
