"""The back office: provider staff see only their company's complaints in a queue sorted by
deadline with overdue marked; actions run the services; the ministry decides escalations;
sanctions record the complaints behind them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import roles
from complaints import services
from complaints.errors import ComplaintError
from complaints.models import Complaint, Sanction
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import care_agent, contract_for, monitor, provider_staff_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, plain_http):
    def login(user):
        client.force_login(user)
        return client

    return login


def file_now(contract=None, **kwargs):
    contract = contract or contract_for(now=timezone.now())
    return services.complaint_file(acting_user=contract.pilgrim, contract=contract,
                                   item=kwargs.pop("item", "makkah_housing"),
                                   failure="late", description="Waited.",
                                   occurred_at=timezone.now(), **kwargs)


def test_provider_staff_see_only_their_companys_complaints_sorted_by_deadline(staff_client):
    mine = file_now()
    later = file_now(contract=mine.contract, item="intercity_transport")  # 3 h period
    theirs = file_now()
    Complaint.objects.filter(pk=mine.pk).update(fix_due_at=timezone.now() - timedelta(hours=1))
    client = staff_client(provider_staff_for(mine))
    response = client.get("/admin/complaints/complaint/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine, later]
    assert theirs not in response.context["cl"].queryset
    assert "complaint-overdue" in response.content.decode()


def test_staff_are_told_of_a_new_complaint(django_capture_on_commit_callbacks):
    contract = contract_for(now=timezone.now())
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF, provider=contract.provider)
    with django_capture_on_commit_callbacks(execute=True):
        file_now(contract=contract)
    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_the_acknowledge_and_resolve_actions_call_the_services(staff_client):
    complaint = file_now()
    client = staff_client(provider_staff_for(complaint))
    url = "/admin/complaints/complaint/"
    client.post(url, {"action": "acknowledge", "_selected_action": [complaint.pk]})
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"
    form = client.post(url, {"action": "resolve", "_selected_action": [complaint.pk]})
    assert b'name="note"' in form.content
    client.post(url, {"action": "resolve", "_selected_action": [complaint.pk], "apply": "1",
                      "note": "Housed in room 9."})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolution_note) == ("resolved", "Housed in room 9.")


def test_care_agents_log_a_phone_complaint_in_the_admin(staff_client):
    contract = contract_for(now=timezone.now())
    agent = care_agent()
    hour_ago = timezone.localtime() - timedelta(hours=1)  # it happened before it was logged
    response = staff_client(agent).post("/admin/complaints/complaint/add/", {
        "pilgrim": contract.pilgrim.pk, "about": "provider", "contract": contract.pk,
        "item": "mashair_buses", "failure": "late", "description": "Bus two hours late.",
        "occurred_at_0": hour_ago.date().isoformat(), "occurred_at_1": hour_ago.strftime("%H:%M"),
        "channel": "phone",
    })
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.logged_by) == ("phone", agent)


def test_monitors_decide_escalated_complaints_in_their_queue(staff_client):
    complaint = file_now(item="camp_services")
    services.complaints_escalate_overdue(now=complaint.fix_due_at + timedelta(minutes=1))
    client = staff_client(monitor())
    url = "/admin/complaints/escalatedcomplaint/"
    assert list(client.get(url).context["cl"].queryset) == [complaint]
    client.post(url, {"action": "uphold", "_selected_action": [complaint.pk], "apply": "1",
                      "note": "The camp had no water."})
    complaint.refresh_from_db()
    assert complaint.status == "upheld" and complaint.claim.amount > 0


def test_provider_staff_do_not_reach_the_escalated_queue(staff_client):
    complaint = file_now()
    client = staff_client(provider_staff_for(complaint))
    assert client.get("/admin/complaints/escalatedcomplaint/").status_code == 403


def test_a_sanction_records_the_complaints_behind_it_and_revocation_deactivates():
    complaint = file_now()
    sanction = services.sanction_impose(provider=complaint.provider, kind="revocation",
                                        reason="Repeated failures.", acting_user=monitor(),
                                        complaints=[complaint])
    assert list(sanction.complaints.all()) == [complaint]
    complaint.provider.refresh_from_db()
    assert complaint.provider.is_active is False
    with pytest.raises(ComplaintError):
        services.sanction_impose(provider=complaint.provider, kind=Sanction.Kind.FINE,
                                 reason="x", acting_user=monitor())
