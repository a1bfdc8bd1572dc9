"""A record's admin page that the reader cannot edit says so as Django says it without the
change permission: it is titled "View <record>", never "Change <record>", and has no Save
button. That holds for staff who may only view (a monitor on complaints, bookings and the
permits' rules; an expert with the view permission only) and for pages the admin keeps
read-only for everyone (a complaint, a desk request, a booking, a permit: their state moves
through services)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, Status
from permits.booking import booking_create
from permits.models import ServiceRule
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import contract_for, monitor, provider_staff_for
from tests.factories.servicedesk import desk_request_file
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db

SAVE_BUTTONS = ('name="_save"', 'name="_continue"', 'name="_addanother"', 'name="_preview"')


@pytest.fixture
def complaint():
    now = timezone.now()
    contract = contract_for(now=now)
    return services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))


def page_of(client, user, url):
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def assert_view_only(page, name):
    assert f"<h1>View {name}</h1>" in page
    assert f"| View {name} |" in page  # the window's <title> too
    assert f"Change {name}" not in page
    assert not [button for button in SAVE_BUTTONS if button in page]


def test_a_monitor_only_views_a_complaint(client, plain_http, complaint):
    page = page_of(client, monitor(), f"/admin/complaints/complaint/{complaint.pk}/change/")

    assert_view_only(page, "complaint")
    assert 'id="object-actions"' not in page  # nothing to act with, either


def test_provider_staff_act_on_their_complaint_but_its_page_is_a_view(client, plain_http,
                                                                      complaint):
    page = page_of(client, provider_staff_for(complaint),
                   f"/admin/complaints/complaint/{complaint.pk}/change/")

    assert_view_only(page, "complaint")
    assert 'id="object-action-acknowledge"' in page


def test_the_ministrys_escalated_complaint_page_is_a_view(client, plain_http, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.ESCALATED,
                                                     escalated_at=timezone.now())

    page = page_of(client, monitor(),
                   f"/admin/complaints/escalatedcomplaint/{complaint.pk}/change/")

    assert_view_only(page, "escalated complaint")
    assert 'id="object-action-review"' in page


def test_staff_who_may_only_view_desk_requests_see_a_view(client, plain_http):
    request = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    reader = StaffUserFactory()
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(
        content_type__app_label="servicedesk", codename="view_deskrequest"))
    request.assigned_to = reader
    request.save(update_fields=["assigned_to"])

    page = page_of(client, reader, f"/admin/servicedesk/deskrequest/{request.pk}/change/")

    assert_view_only(page, "desk request")
    assert 'id="object-actions"' not in page


def test_a_monitor_only_views_a_booking_and_a_permits_rule(client, plain_http, pilgrim,
                                                         rawdah_slot):
    booking = booking_create(acting_user=pilgrim, slot=rawdah_slot,
                             instructions_accepted=True, now=NOW)
    rule = ServiceRule.objects.filter(service=rawdah_slot.service).first()
    reader = monitor()

    assert_view_only(page_of(client, reader, f"/admin/permits/booking/{booking.pk}/change/"),
                     "booking")
    assert_view_only(page_of(client, reader, f"/admin/permits/servicerule/{rule.pk}/change/"),
                     "service rule")


def test_a_booking_and_its_permit_are_views_even_for_a_ministry_administrator(
        client, plain_http, pilgrim, rawdah_slot):
    booking = booking_create(acting_user=pilgrim, slot=rawdah_slot,
                             instructions_accepted=True, now=NOW)
    administrator = StaffUserFactory()

    booking_page = page_of(client, administrator,
                           f"/admin/permits/booking/{booking.pk}/change/")
    permit_page = page_of(client, administrator,
                          f"/admin/permits/permit/{booking.permit.pk}/change/")

    assert_view_only(booking_page, "booking")
    # Its persons are the booking service's record: shown, not editable, none to add.
    assert 'name="persons-0-name"' not in booking_page
    assert 'name="persons-MAX_NUM_FORMS" value="0"' in booking_page
    assert_view_only(permit_page, "permit")


def test_a_rule_the_administrator_may_change_keeps_its_save_and_preview(
        client, plain_http, rawdah_slot):
    rule = ServiceRule.objects.filter(service=rawdah_slot.service).first()

    page = page_of(client, StaffUserFactory(), f"/admin/permits/servicerule/{rule.pk}/change/")

    assert "<h1>Change service rule</h1>" in page
    assert 'name="_save"' in page and 'name="_preview"' in page
