"""The admin speaks to staff: the portal's name in the header, right-to-left in Arabic,
states in staff wording, durations in hours and minutes, and a complaint's deadlines in the
order they fall."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from complaints import services
from complaints.models import STAFF_STATUS_LABELS, Status
from portal.durations import human_duration
from tests.factories.complaints import contract_for, provider_staff_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    now = timezone.now()
    contract = contract_for(now=now)
    return services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))


def test_durations_read_in_hours_and_minutes():
    with translation.override("en"):
        assert human_duration(timedelta(hours=2, minutes=15)) == "2 h 15 min"
        assert human_duration(8100) == "2 h 15 min"
        assert human_duration(timedelta(days=1, hours=3, minutes=5)) == "1 day 3 h"
        assert human_duration(timedelta(days=3)) == "3 days"
        assert human_duration(20) == "less than a minute"


def test_durations_are_translated_with_their_plural():
    with translation.override("ar"):
        assert human_duration(timedelta(hours=2, minutes=15)) == "ساعتان 15 دقيقة"
        assert "أيام" in human_duration(timedelta(days=3))


def test_the_admin_carries_the_portals_name_and_reads_right_to_left_in_arabic(client,
                                                                               plain_http,
                                                                               complaint):
    client.force_login(provider_staff_for(complaint))

    english = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    arabic = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "Pilgrim e-services portal" in english and "Django administration" not in english
    assert "css/admin.css" in english
    assert 'dir="rtl"' in arabic and "admin/css/rtl.css" in arabic


def test_staff_read_waiting_for_the_pilgrim_not_the_pilgrims_wording(client, plain_http,
                                                                     complaint):
    staff = provider_staff_for(complaint)
    services.complaint_request_info(complaint=complaint, acting_user=staff,
                                    question="Which hotel?")
    client.force_login(staff)

    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert str(STAFF_STATUS_LABELS[Status.WAITING_PILGRIM]) in page
    assert "Waiting for the pilgrim" in page
    assert "Waiting for your information" not in page


def test_every_state_has_a_staff_label():
    assert set(STAFF_STATUS_LABELS) == set(Status)


def test_the_deadlines_are_shown_in_the_order_they_fall(client, plain_http, complaint):
    client.force_login(provider_staff_for(complaint))

    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # The moments are shown in both calendars (portal.admin_dates): their rows are "dual_".
    order = [page.index(f"field-{name}") for name in (
        "dual_created_at", "dual_ack_due_at", "ack_time_left", "dual_acknowledged_at",
        "corrective_period", "dual_fix_due_at", "fix_time_left", "dual_resolved_at")]
    assert order == sorted(order)
    shown = human_duration(complaint.corrective_period_minutes * 60)
    assert shown in page.split("field-corrective_period", 1)[1][:400]
    # Both deadlines with the time left to them in words, the acknowledgement's first.
    ack_left = page.split("field-ack_time_left", 1)[1][:400]
    assert human_duration(complaint.ack_due_at - timezone.now()).split()[-1] in ack_left
