"""Input out of any sane range is a translated 400 that names the field and stores nothing:
dates at the calendar's edges, occurrences in the future or before the season, births in the
future, amounts and counts above the ceilings, a body that is not a JSON object."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.identity import saudi_id_with_check_digit
from accounts.models import PilgrimProfile
from complaints.models import Complaint
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.compensation import seeded_annex
from tests.factories.complaints import contract_for
from tests.factories.packages import seeded_season
from tests.factories.servicedesk import desk_seed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def field_errors(response) -> set:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    return set(body["errors"])


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_slot_query_at_the_calendars_edge_is_a_400_naming_the_date(app_client,
                                                                    permit_services, day):
    response = app_client(PilgrimFactory()).get(
        "/api/v1/permits/slots/", {"service": "rawdah_men", "date": day},
        HTTP_ACCEPT_LANGUAGE="en")
    assert field_errors(response) == {"date"}


@pytest.mark.parametrize("body", [b'"a subject"', b"42", b"null", b"[1, 2]"])
def test_a_desk_request_that_is_not_a_json_object_is_a_400(app_client, body):
    desk_seed()
    response = app_client(PilgrimFactory()).post(
        "/api/v1/servicedesk/requests/", body, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert DeskRequest.objects.count() == 0


REFUND = {"season": 1445, "contract_value": "10000.00", "clients": 1,
          "cancel_date": "2024-04-24", "permit_state": "printed"}
COMPENSATION = {"season": 1445, "package_value": "10000.00", "item": "camp_services",
                "failure": "late", "occurrence": 1}


@pytest.mark.parametrize("url, base, changes, field", [
    ("/api/v1/refunds/quote/", REFUND, {"cancel_date": "9999-12-31"}, "cancel_date"),
    ("/api/v1/refunds/quote/", REFUND, {"cancel_date": "0001-01-01"}, "cancel_date"),
    ("/api/v1/refunds/quote/", REFUND, {"contract_value": "9999999999.99"}, "contract_value"),
    ("/api/v1/refunds/quote/", REFUND, {"clients": 10**12}, "clients"),
    ("/api/v1/compensation/quote/", COMPENSATION, {"package_value": "9999999999.99"},
     "package_value"),
    ("/api/v1/compensation/quote/", COMPENSATION, {"occurrence": 10**12}, "occurrence"),
    ("/api/v1/compensation/quote/", COMPENSATION, {"season": 10**30}, "season"),
])
def test_a_quote_out_of_range_is_a_400_naming_the_field(client, url, base, changes, field):
    seeded_season(1445)
    seeded_annex(1445)
    response = client.post(url, {**base, **changes}, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert field_errors(response) == {field}


@pytest.fixture
def contract():
    return contract_for(now=timezone.now())


def file_complaint(client, contract, occurred_at):
    client.force_login(contract.pilgrim)
    return client.post("/api/v1/complaints/", {
        "contract": contract.pk, "item": "arafat_lunch", "failure": "late",
        "description": "Lunch came at 17:00.", "occurred_at": occurred_at},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("when", [
    lambda now: (now + timedelta(days=2)).isoformat(),
    lambda now: (now - timedelta(days=3 * 365)).isoformat(),
    lambda now: "0001-01-01T00:00:00+14:00",
    lambda now: "9999-12-31T23:59:59-12:00",
])
def test_a_complaint_occurring_in_the_future_or_before_the_season_is_refused(client, contract,
                                                                            when):
    response = file_complaint(client, contract, when(timezone.now()))
    assert field_errors(response) == {"occurred_at"}
    assert Complaint.objects.count() == 0


def test_a_birth_date_in_the_future_is_refused(app_client):
    user = UserFactory()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = app_client(user).put("/api/v1/accounts/profile/", {
        "full_name": "Amina Yusuf", "id_type": "iqama",
        "id_number": saudi_id_with_check_digit("234567890"), "nationality": "ID",
        "gender": "female", "date_of_birth": tomorrow, "mobile": "0501234567",
        "preferred_language": "id"}, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en")
    assert field_errors(response) == {"date_of_birth"}
    assert not PilgrimProfile.objects.filter(user=user).exists()


def test_a_number_where_text_belongs_is_refused(client, contract):
    client.force_login(contract.pilgrim)
    response = client.post("/api/v1/complaints/", {
        "contract": contract.pk, "item": "arafat_lunch", "failure": "late",
        "description": 12345, "occurred_at": timezone.now().isoformat()},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert field_errors(response) == {"description"}
    assert Complaint.objects.count() == 0


def test_a_nul_character_in_a_looked_up_code_is_a_400(app_client):
    desk_seed()
    response = app_client(PilgrimFactory()).post(
        "/api/v1/servicedesk/requests/", {"request_type": "question\x00", "topic": "hajj",
                                          "subject": "Deposit", "text": "Where is it?"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert field_errors(response) == {"request_type"}
    assert DeskRequest.objects.count() == 0
