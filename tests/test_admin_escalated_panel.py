"""Monitors find on the staff dashboard the complaints escalated to the ministry and not
decided yet, the most overdue first, each linking to its page in the ministry's queue; the
panel keeps the dashboard's scope (provider staff, who do not work the ministry's queue,
get no panel, and would see only their own company's if they did)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from complaints import selectors, services
from complaints.models import Complaint, Status
from portal.admin_due_today import due_today_panels
from tests.factories.complaints import care_agent, contract_for, monitor, provider_staff_for

pytestmark = pytest.mark.django_db

TITLE = "Escalated complaints to decide"


def escalated(*, hours_overdue, status=Status.ESCALATED):
    now = timezone.now()
    contract = contract_for(now=now)
    complaint = services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))
    Complaint.objects.filter(pk=complaint.pk).update(
        status=status, fix_due_at=now - timedelta(hours=hours_overdue),
        escalated_at=now - timedelta(hours=hours_overdue) + timedelta(minutes=1))
    return Complaint.objects.get(pk=complaint.pk)


def titles(user):
    with translation.override("en"):
        return [str(panel.title) for panel in due_today_panels(user=user)]


def test_monitors_see_the_undecided_escalations_most_overdue_first(client, plain_http):
    a_little = escalated(hours_overdue=2)
    a_lot = escalated(hours_overdue=50, status=Status.UNDER_REVIEW)
    decided = escalated(hours_overdue=80, status=Status.UPHELD)
    reader = monitor()
    client.force_login(reader)

    found = selectors.complaints_escalated_for_staff(user=reader)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert [item["complaint"] for item in found["items"]] == [a_lot, a_little]
    assert (found["to_review"], found["in_review"]) == (1, 1)
    panel = page.split(TITLE, 1)[1]
    assert panel.index(a_lot.number) < panel.index(a_little.number)
    assert decided.number not in panel
    assert reverse("admin:complaints_escalatedcomplaint_change", args=[a_lot.pk]) in panel
    assert "overdue by 2 days 2 h" in panel


def test_the_panel_follows_the_dashboards_scope():
    mine = escalated(hours_overdue=3)
    theirs = escalated(hours_overdue=4)
    staff = provider_staff_for(mine)

    assert TITLE in titles(monitor()) and TITLE in titles(care_agent())
    assert TITLE not in titles(staff)  # the ministry's queue is not theirs to work
    staff.user_permissions.add(Permission.objects.get(
        content_type__app_label="complaints", codename="view_escalatedcomplaint"))
    staff = type(staff).objects.get(pk=staff.pk)  # permissions are cached on the instance
    found = selectors.complaints_escalated_for_staff(user=staff)
    assert [item["complaint"] for item in found["items"]] == [mine]
    assert theirs not in [item["complaint"] for item in found["items"]]
