"""Through the API a pilgrim requests the Hajj permit for one of their own paid contracts (the
service the page calls), sees each request's state, its 3-working-day due date and the reason
of a refusal, and cancels it; nobody else's contract or request is found, and a refusal
changes nothing."""

from datetime import datetime

import pytest
from django.utils import timezone

from packages.models import Contract
from permits import services, signing
from permits.booking import booking_create
from permits.models import Booking
from portal import working_days
from tests.factories.accounts import PilgrimFactory, StaffUserFactory, UserFactory
from tests.factories.packages import (
    PackageFactory,
    companion,
    ordered_contract,
    package_on_sale_today,
)
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db

URL = "/api/v1/permits/hajj-requests/"


@pytest.fixture
def paid_contract(permit_services):
    """paid_contract(pilgrim) -> the pilgrim's contract for them and a companion, paid, with
    no permit requested yet.

    Paying in full through the gateway requests the permit by itself
    (packages.services._hajj_permit_request); the app's request is for a paid contract whose
    automatic request was refused and whose data has since been corrected. So the contract is
    ordered through the real service and then marked paid here.
    """
    def make(pilgrim):
        # The app's request is handled on the wall clock: the contract is of its season.
        contract = ordered_contract(pilgrim=pilgrim, package=package_on_sale_today(),
                                    now=timezone.now(),
                                    companions=[companion(pilgrim, full_name="Aisha Companion")])
        Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.PAID)
        contract.refresh_from_db()
        return contract

    return make


def request_permit(client, contract, language="en", **extra):
    return client.post(URL, {"contract": contract.pk}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language, **extra)


def test_a_paid_contract_is_requested_and_due_in_three_working_days(app_client, pilgrim,
                                                                      paid_contract):
    contract = paid_contract(pilgrim)

    response = request_permit(app_client(pilgrim), contract)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["status_label"]) == ("requested", "Requested")
    assert (body["contract"], body["contract_reference"]) == (contract.pk, contract.reference)
    assert body["seats"] == 2
    assert body["persons"][1] == {"full_name": "Aisha Companion", "role": "companion"}
    created = datetime.fromisoformat(body["created_at"])
    assert datetime.fromisoformat(body["due_by"]) == working_days.add_working_days(
        start=created, days=3, calendar=working_days.working_calendar())
    assert (body["decision_reason"], body["permit_number"], body["permit_code"]) == (
        "", None, None)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.PERMIT_REQUESTED


def test_the_list_holds_my_hajj_requests_only(app_client, pilgrim, paid_contract, rawdah_men):
    mine = request_permit(app_client(pilgrim), paid_contract(pilgrim)).json()["id"]
    other = PilgrimFactory()
    request_permit(app_client(other), paid_contract(other))
    booking_create(acting_user=pilgrim, slot=SlotFactory(service=rawdah_men),
                            instructions_accepted=True, now=NOW)

    listed = app_client(pilgrim).get(URL)

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [mine]


def test_a_refusal_shows_its_reason(app_client, pilgrim, paid_contract):
    client = app_client(pilgrim)
    booking = Booking.objects.get(pk=request_permit(client, paid_contract(pilgrim)).json()["id"])
    services.hajj_request_refuse(booking=booking, acting_user=StaffUserFactory(),
                                 reason="The passport copy is unreadable.")

    [row] = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()

    assert (row["status"], row["status_label"]) == ("refused", "Refused")
    assert row["decision_reason"] == "The passport copy is unreadable."
    assert row["decided_at"] is not None


def test_an_issued_permit_carries_its_number_and_signed_code(app_client, pilgrim,
                                                              paid_contract):
    client = app_client(pilgrim)
    booking = Booking.objects.get(pk=request_permit(client, paid_contract(pilgrim)).json()["id"])
    services.hajj_request_issue(booking=booking, acting_user=StaffUserFactory())

    [row] = client.get(URL).json()

    assert row["status"] == "booked"
    assert row["permit_number"].startswith("HJ-")
    assert signing.verify(row["permit_code"])["n"] == row["permit_number"]


def test_someone_elses_contract_is_not_found_and_nothing_is_requested(app_client, pilgrim,
                                                                     paid_contract):
    contract = paid_contract(PilgrimFactory())

    response = request_permit(app_client(pilgrim), contract)

    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_an_unpaid_contract_is_refused_in_the_reader_language(app_client, pilgrim,
                                                              permit_services):
    contract = ordered_contract(pilgrim=pilgrim, package=PackageFactory(), now=NOW)

    english = request_permit(app_client(pilgrim), contract)
    arabic = request_permit(app_client(pilgrim), contract, language="ar")

    assert english.status_code == 400
    assert english.json() == {"code": "contract_not_paid",
                              "detail": "The Hajj permit needs a paid package contract."}
    assert arabic.json() == {"code": "contract_not_paid",
                             "detail": "يتطلب تصريح الحج عقد باقة مدفوعاً."}
    assert not Booking.objects.exists()


def test_the_same_idempotency_key_returns_the_first_request(app_client, pilgrim,
                                                            paid_contract):
    client = app_client(pilgrim)
    contract = paid_contract(pilgrim)

    first = request_permit(client, contract, HTTP_IDEMPOTENCY_KEY="hajj-1")
    again = request_permit(client, contract, HTTP_IDEMPOTENCY_KEY="hajj-1")

    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Booking.objects.count() == 1


def test_bad_input_is_a_translated_400(app_client, pilgrim, permit_services):
    response = app_client(pilgrim).post(URL, {"contract": "the first one"},
                                        content_type="application/json",
                                        HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["detail"]) == ("invalid",
                                                                     "مدخلات غير صالحة.")
    assert "contract" in response.json()["errors"]


def test_an_account_without_a_profile_cannot_request(app_client, permit_services):
    response = app_client(UserFactory()).post(URL, {"contract": 1},
                                              content_type="application/json",
                                              HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == {"code": "profile_required",
                               "detail": "Complete your profile before using the e-services."}


def test_i_cancel_my_request_and_nobody_else_can(app_client, pilgrim, paid_contract):
    client = app_client(pilgrim)
    request_id = request_permit(client, paid_contract(pilgrim)).json()["id"]
    cancel = f"{URL}{request_id}/cancel/"

    by_other = app_client(PilgrimFactory()).post(cancel)
    assert by_other.status_code == 404
    assert Booking.objects.get(pk=request_id).status == Booking.Status.REQUESTED

    cancelled = client.post(cancel, HTTP_ACCEPT_LANGUAGE="en")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancelled_at"] is not None) == (
        "cancelled", True)

    twice = client.post(cancel, HTTP_ACCEPT_LANGUAGE="en")
    assert twice.status_code == 400
    assert twice.json() == {"code": "not_cancellable",
                            "detail": "This booking cannot be cancelled in its current state."}


def test_a_slot_booking_is_not_cancelled_through_the_hajj_endpoint(app_client, pilgrim,
                                                                    rawdah_men):
    booking = booking_create(acting_user=pilgrim, slot=SlotFactory(service=rawdah_men),
                                      instructions_accepted=True, now=NOW)

    response = app_client(pilgrim).post(f"{URL}{booking.pk}/cancel/")

    assert response.status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.BOOKED


def test_the_openapi_schema_documents_the_hajj_request_endpoints(admin_client,
                                                                  permit_services):
    schema = admin_client.get("/api/v1/schema/", {"format": "json"}).json()

    for path in (URL, f"{URL}{{id}}/cancel/"):
        assert path in schema["paths"]
    components = schema["components"]["schemas"]
    assert "HajjPermitRequestInputRequest" in components
    # Requests, vehicle permits and bookings share one status type, named by the bookings'.
    assert components["BookingStatusEnum"]["enum"] == Booking.Status.values
    for name in ("HajjPermitRequest", "VehiclePermit", "Booking"):
        assert components[name]["properties"]["status"]["allOf"] == [
            {"$ref": "#/components/schemas/BookingStatusEnum"}]
