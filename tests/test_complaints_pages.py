"""Pilgrim pages and attachments: file, track the timeline, confirm; files only for those
allowed to see them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import Complaint
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import care_agent, contract_for, png, provider_staff_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    return contract_for(now=timezone.now())


def test_a_pilgrim_files_a_complaint_from_the_page(client, contract):
    client.force_login(contract.pilgrim)
    page = client.get("/complaints/new/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and contract.reference in page.content.decode()
    response = client.post("/complaints/new/", {
        "about": "provider", "contract": contract.pk, "item": "muzdalifah_meal",
        "failure": "not_delivered",
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "description": "No meal on arrival.", "files": [png()],
    }, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    complaint = Complaint.objects.get()
    assert complaint.number in response.content.decode()
    assert "Timeline" in response.content.decode()


def test_the_timeline_shows_each_step_and_the_confirm_button(client, contract):
    complaint = services.complaint_file(acting_user=contract.pilgrim, contract=contract,
                                        item="arafat_lunch", failure="late", description="Late",
                                        occurred_at=timezone.now())
    services.complaint_resolve(complaint=complaint, acting_user=provider_staff_for(complaint),
                               note="Served at 15:00.")
    client.force_login(contract.pilgrim)
    html = client.get(f"/complaints/{complaint.number}/", HTTP_ACCEPT_LANGUAGE="en"
                      ).content.decode()
    assert "Served at 15:00." in html and 'id="complaint-confirm"' in html
    client.post(f"/complaints/{complaint.number}/confirm/")
    complaint.refresh_from_db()
    assert complaint.status == "confirmed"


def test_another_pilgrim_gets_not_found(client, contract):
    complaint = services.complaint_file(acting_user=contract.pilgrim, contract=contract,
                                        item="other", failure="other", description="x",
                                        occurred_at=timezone.now())
    client.force_login(PilgrimFactory())
    assert client.get(f"/complaints/{complaint.number}/").status_code == 404


def test_attachments_are_served_only_to_those_allowed(client, contract):
    complaint = services.complaint_file(acting_user=contract.pilgrim, contract=contract,
                                        item="camp_services", failure="contrary",
                                        description="Broken AC", occurred_at=timezone.now(),
                                        files=[png()])
    url = f"/complaints/files/{complaint.attachments.get().token}/"
    allowed = [contract.pilgrim, provider_staff_for(complaint), care_agent()]
    refused = [PilgrimFactory(), StaffUserFactory(role="provider_staff")]
    for user in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
