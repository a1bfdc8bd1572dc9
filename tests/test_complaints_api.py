"""The complaints API: pilgrims file and follow their own complaints only, in the one error
shape, and every operation is in the OpenAPI schema."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import Complaint
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import contract_for, png, provider_staff_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints/"


@pytest.fixture
def contract():
    # Filing checks the season window against the real clock: the contract is of the
    # season on sale today, whatever the day.
    return contract_for(now=timezone.now())


def login(client, user):
    client.force_login(user)
    return client


def file_one(client, contract, **extra):
    payload = {"contract": contract.pk, "item": "arafat_lunch", "failure": "late",
               "description": "Lunch came at 17:00.",
               "occurred_at": timezone.now().isoformat(), **extra}
    return client.post(URL, payload, HTTP_ACCEPT_LANGUAGE="en")


def test_a_pilgrim_files_and_gets_the_number_and_deadlines(client, contract):
    response = file_one(login(client, contract.pilgrim), contract, files=[png()])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith(f"CM{contract.season_id}-")
    assert body["status"] == "submitted"
    assert body["timeline"][0]["kind"] == "submitted"
    assert body["timeline"][0]["attachments"][0]["name"] == "photo.png"


def test_pilgrims_see_only_their_own_complaints(client, contract):
    file_one(login(client, contract.pilgrim), contract)
    number = Complaint.objects.get().number
    other = login(client, PilgrimFactory())
    assert other.get(URL).json() == []
    response = other.get(f"{URL}{number}/")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail"}


def test_filing_on_someone_elses_contract_is_refused(client, contract):
    response = file_one(login(client, PilgrimFactory()), contract)
    assert response.status_code == 404
    assert response.json()["code"] == "not_your_contract"


def test_escalating_too_early_gives_a_translated_reason(client, contract):
    login(client, contract.pilgrim)
    number = file_one(client, contract).json()["number"]
    response = client.post(f"{URL}{number}/escalate/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == "provider_time_left"
    assert "to fix this" in response.json()["detail"]


def test_reply_confirm_and_reopen(client, contract):
    login(client, contract.pilgrim)
    number = file_one(client, contract).json()["number"]
    complaint = Complaint.objects.get(number=number)
    staff = provider_staff_for(complaint)
    services.complaint_request_info(complaint=complaint, acting_user=staff, question="Which tent?")
    body = client.post(f"{URL}{number}/reply/", {"text": "Tent 7."}).json()
    assert body["status"] == "acknowledged"
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Served.")
    assert client.post(f"{URL}{number}/reopen/", {"reason": "Cold food."},
                       content_type="application/json").json()["status"] == "in_progress"
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Hot meal served.")
    assert client.post(f"{URL}{number}/confirm/").json()["status"] == "confirmed"


def test_escalate_now_once_the_providers_time_passed(client, contract):
    login(client, contract.pilgrim)
    number = file_one(client, contract).json()["number"]
    Complaint.objects.filter(number=number).update(
        fix_due_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"{URL}{number}/").json()["can_escalate"] is True
    assert client.post(f"{URL}{number}/escalate/").json()["status"] == "escalated"


def test_own_claims_are_listed(client, contract):
    login(client, contract.pilgrim)
    number = file_one(client, contract).json()["number"]
    complaint = Complaint.objects.get(number=number)
    services.complaint_resolve(complaint=complaint, acting_user=provider_staff_for(complaint),
                               note="Late.", now=complaint.fix_due_at + timedelta(minutes=5))
    [claim] = client.get("/api/v1/compensation/claims/").json()
    assert claim["complaint"] == number and claim["amount"] == "50.00"
    assert login(client, PilgrimFactory()).get("/api/v1/compensation/claims/").json() == []


def test_the_operations_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/complaints/", "/api/v1/complaints/{number}/reply/",
                 "/api/v1/complaints/{number}/escalate/", "/api/v1/complaints/{number}/confirm/",
                 "/api/v1/complaints/{number}/reopen/", "/api/v1/compensation/claims/"):
        assert path in schema
