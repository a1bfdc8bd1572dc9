"""The staff dashboard (the admin's index) lists what is due today in the member of staff's
own scope: provider staff their company's complaints and never another provider's; experts
their team's desk requests; monitors every complaint."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import selectors as complaint_selectors
from complaints import services
from complaints.models import Complaint
from portal.admin_due_today import end_of_today
from servicedesk import selectors as desk_selectors
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import contract_for, monitor, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db


def complaint_due(*, fix_due_at, ack_due_at=None):
    now = timezone.now()
    contract = contract_for(now=now)
    complaint = services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))
    Complaint.objects.filter(pk=complaint.pk).update(
        fix_due_at=fix_due_at, ack_due_at=ack_due_at or fix_due_at)
    complaint.refresh_from_db()
    return complaint


def test_provider_staff_see_their_overdue_complaint_and_never_another_providers(client,
                                                                                plain_http):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    mine = complaint_due(fix_due_at=an_hour_ago)
    theirs = complaint_due(fix_due_at=an_hour_ago)
    client.force_login(provider_staff_for(mine))

    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="due-today"' in page
    assert mine.number in page
    assert theirs.number not in page
    due = complaint_selectors.complaints_due_today_for_staff(user=provider_staff_for(mine))
    assert [item["complaint"] for item in due["items"]] == [mine]
    assert (due["ack_overdue"], due["fix_overdue"]) == (1, 1)


def test_a_deadline_later_today_counts_as_due_today_and_tomorrows_does_not():
    now = timezone.now()
    midnight = end_of_today(now)
    today = complaint_due(fix_due_at=midnight - timedelta(seconds=1))
    tomorrow = complaint_due(fix_due_at=midnight + timedelta(minutes=1),
                             ack_due_at=midnight + timedelta(minutes=1))
    Complaint.objects.filter(provider=tomorrow.provider).update(provider=today.provider)

    due = complaint_selectors.complaints_due_today_for_staff(
        user=provider_staff_for(today), now=now)

    assert [item["complaint"] for item in due["items"]] == [today]
    assert (due["fix_today"], due["fix_overdue"]) == (1, 0)


def test_a_complaint_waiting_on_the_pilgrim_is_not_due():
    complaint = complaint_due(fix_due_at=timezone.now() - timedelta(hours=1))
    staff = provider_staff_for(complaint)
    services.complaint_request_info(complaint=complaint, acting_user=staff,
                                    question="Which hotel?")

    due = complaint_selectors.complaints_due_today_for_staff(user=staff)

    assert due["items"] == []


def test_monitors_see_every_providers_complaints_due():
    first = complaint_due(fix_due_at=timezone.now() - timedelta(hours=1))
    second = complaint_due(fix_due_at=timezone.now() - timedelta(hours=2))

    due = complaint_selectors.complaints_due_today_for_staff(user=monitor())

    assert {item["complaint"] for item in due["items"]} == {first, second}


def test_experts_see_their_teams_desk_requests_due_and_not_the_others(client, plain_http):
    ours = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    other = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    DeskRequest.objects.filter(pk__in=[ours.pk, other.pk]).update(
        first_response_due=timezone.now() - timedelta(minutes=30))
    expert = expert_create(team=ours.team)
    outsider = expert_create(team=ours.team)
    outsider.groups.remove(ours.team.group)

    due = desk_selectors.desk_requests_due_today_for_staff(user=expert)
    client.force_login(expert)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert {item["request"] for item in due["items"]} == {ours, other}
    assert due["answer_overdue"] == 2
    assert ours.reference in page
    assert desk_selectors.desk_requests_due_today_for_staff(user=outsider)["items"] == []
