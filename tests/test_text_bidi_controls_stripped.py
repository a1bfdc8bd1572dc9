"""Bidirectional control characters never reach storage, whichever way text comes in (API,
the pages' forms, the admin), and stored free text is shown isolated from the text around it."""

import pytest
from django.utils import timezone

from accounts import roles
from complaints.models import Complaint, Transition
from permits.models import WorkingCalendar
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import contract_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

# Right-to-left override ... pop, and a first-strong isolate: the trick that makes
# "Refund 100 SAR" read as "RAS 001 dnufeR".
SPOOF = "Lunch \u202eRAS 001\u202c came \u2068late\u2069; \u200fmark kept"
CLEAN = "Lunch RAS 001 came late; \u200fmark kept"


@pytest.fixture
def contract():
    return contract_for(now=timezone.now())


def test_the_api_stores_a_complaint_without_them(client, contract):
    client.force_login(contract.pilgrim)
    response = client.post("/api/v1/complaints/", {
        "contract": contract.pk, "item": "arafat_lunch", "failure": "late",
        "description": SPOOF, "occurred_at": timezone.now().isoformat()},
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["description"] == CLEAN
    assert Complaint.objects.get().description == CLEAN
    assert Transition.objects.get().note == CLEAN


def test_the_page_form_stores_a_complaint_without_them(client, contract):
    client.force_login(contract.pilgrim)
    client.post("/complaints/new/", {
        "about": "provider", "contract": contract.pk, "item": "muzdalifah_meal",
        "failure": "not_delivered", "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": SPOOF})
    assert Complaint.objects.get().description == CLEAN


def test_the_admin_stores_a_name_without_them(client):
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN, is_superuser=True))
    response = client.post("/admin/permits/workingcalendar/add/", {
        "name": SPOOF, "working_weekdays": "0,1,2,3,6",
        "holidays-TOTAL_FORMS": "0", "holidays-INITIAL_FORMS": "0",
        "holidays-MIN_NUM_FORMS": "0", "holidays-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert WorkingCalendar.objects.latest("pk").name == CLEAN


@pytest.mark.parametrize("url", ["/profile/", "/dashboard/"])
def test_a_name_is_shown_isolated_in_a_sentence_of_the_other_direction(client, url):
    pilgrim = PilgrimFactory(first_name="أمينة", last_name="يوسف")
    pilgrim.profile.full_name = "أمينة يوسف"
    pilgrim.profile.save()
    client.force_login(pilgrim)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "<bdi>أمينة يوسف</bdi>" in page.content.decode()
