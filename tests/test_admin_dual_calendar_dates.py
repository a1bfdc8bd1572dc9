"""The admin shows the dates of the main staff models in both calendars: the list columns and
the read-only fields of complaints, desk requests, bookings and contracts carry the Hijri
(Umm al-Qura) date beside the Gregorian one, in the reader's language."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts import roles
from complaints import services as complaints
from permits.booking import booking_create
from portal import calendars
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import contract_for
from tests.factories.servicedesk import desk_request_file, desk_seed
from tests.fixtures.permits import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


@pytest.fixture
def staff():
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


def page(staff, url, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def both_calendars(moment, language):
    with translation.override(language):
        return html.escape(calendars.format_hijri(moment)), html.escape(
            calendars.format_gregorian(moment))


@pytest.fixture
def complaint():
    now = timezone.now()
    contract = contract_for(now=now)
    return complaints.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_complaints_show_their_dates_in_both_calendars(staff, complaint, language):
    hijri, gregorian = both_calendars(complaint.created_at, language)

    listing = page(staff, "/admin/complaints/complaint/", language)
    record = page(staff, f"/admin/complaints/complaint/{complaint.pk}/change/", language)

    assert hijri in listing and gregorian in listing
    assert hijri in record and gregorian in record


@pytest.mark.parametrize("language", ["ar", "en"])
def test_contracts_show_their_dates_in_both_calendars(staff, complaint, language):
    contract = complaint.contract
    hijri, gregorian = both_calendars(contract.created_at, language)

    listing = page(staff, "/admin/packages/contract/", language)

    assert hijri in listing and gregorian in listing


@pytest.mark.parametrize("language", ["ar", "en"])
def test_desk_requests_show_their_dates_in_both_calendars(staff, pilgrim, language):
    desk_seed()
    desk_request = desk_request_file(user=pilgrim)
    hijri, gregorian = both_calendars(desk_request.created_at, language)

    listing = page(staff, "/admin/servicedesk/deskrequest/", language)
    record = page(staff, f"/admin/servicedesk/deskrequest/{desk_request.pk}/change/", language)

    assert hijri in listing and gregorian in listing
    assert hijri in record and gregorian in record


@pytest.mark.parametrize("language", ["ar", "en"])
def test_bookings_show_their_dates_in_both_calendars(staff, pilgrim, rawdah_slot, language):
    booking = booking_create(acting_user=pilgrim, slot=rawdah_slot, instructions_accepted=True,
                             now=NOW)
    hijri, gregorian = both_calendars(booking.created_at, language)

    listing = page(staff, "/admin/permits/booking/", language)
    record = page(staff, f"/admin/permits/booking/{booking.pk}/change/", language)

    assert hijri in listing and gregorian in listing
    assert hijri in record and gregorian in record


def test_a_date_column_stays_sortable_by_its_field(staff, complaint):
    listing = page(staff, "/admin/complaints/complaint/", "en")

    assert 'class="sortable column-dual_created_at' in listing
