"""Staff in the admin: slots from templates, capacities, the Hajj queue, search."""

from datetime import date, time

import pytest
from django.test import Client

from accounts import roles
from permits import services
from permits.booking import booking_create
from permits.models import Slot, SlotTemplate
from tests.factories.accounts import StaffUserFactory
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(settings):
    settings.SECURE_SSL_REDIRECT = False
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    return client


def test_a_template_generates_slots_for_a_date_range_once(staff_client, rawdah_men):
    template = SlotTemplate.objects.create(service=rawdah_men, name="Noon", capacity=50,
                                           first_start=time(12, 0), last_start=time(12, 50),
                                           duration_minutes=10, interval_minutes=10)
    data = {"action": "generate_slots", "_selected_action": [template.pk], "apply": "1",
            "start": "2026-12-01", "end": "2026-12-03"}

    staff_client.post("/admin/permits/slottemplate/", data)
    staff_client.post("/admin/permits/slottemplate/", data)

    assert Slot.objects.filter(template=template).count() == 18
    assert set(Slot.objects.values_list("remaining", flat=True)) == {50}


def test_lowering_capacity_keeps_seats_taken(pilgrim, rawdah_slot):
    booking_create(acting_user=pilgrim, slot=rawdah_slot, instructions_accepted=True, now=NOW)

    slot = services.slot_set_capacity(slot=rawdah_slot, capacity=0)

    assert (slot.capacity, slot.remaining) == (1, 0)


def test_search_a_booking_by_permit_number_or_identity(staff_client, pilgrim, rawdah_slot):
    booking = booking_create(acting_user=pilgrim, slot=rawdah_slot,
                                      instructions_accepted=True, now=NOW)

    by_number = staff_client.get("/admin/permits/booking/", {"q": booking.permit.number})
    by_identity = staff_client.get("/admin/permits/booking/",
                                   {"q": pilgrim.profile.id_number})

    assert by_number.status_code == 200
    assert booking.permit.number in by_number.content.decode()
    assert booking.permit.number in by_identity.content.decode()


def test_the_hajj_queue_lists_overdue_requests(staff_client, permit_services):
    response = staff_client.get("/admin/permits/booking/", {"clock": "overdue"})

    assert response.status_code == 200


def test_generated_slots_are_dated_in_riyadh(rawdah_men):
    template = SlotTemplate.objects.create(service=rawdah_men, name="One", capacity=5,
                                           first_start=time(12, 0), last_start=time(12, 0))

    services.slots_generate(template=template, start=date(2026, 12, 1), end=date(2026, 12, 1))

    slot = Slot.objects.get(template=template)
    assert slot.starts_at.isoformat() == "2026-12-01T09:00:00+00:00"


def test_a_template_leaves_out_times_outside_the_services_windows(rawdah_men):
    # The men's Rawdah window opens at 11:30 (seeded): 10:30 and 11:00 are left out.
    template = SlotTemplate.objects.create(service=rawdah_men, name="Morning", capacity=5,
                                           first_start=time(10, 30), last_start=time(12, 0),
                                           duration_minutes=10, interval_minutes=30)

    created = services.slots_generate(template=template, start=date(2026, 12, 1),
                                      end=date(2026, 12, 1))

    assert created == 2
    assert sorted(slot.starts_at.isoformat() for slot in Slot.objects.filter(
        template=template)) == ["2026-12-01T08:30:00+00:00", "2026-12-01T09:00:00+00:00"]


def test_staff_cannot_add_a_slot_outside_the_services_windows(staff_client, rawdah_men):
    form = {"service": rawdah_men.pk, "starts_at_0": "2026-12-01", "starts_at_1": "10:00",
            "ends_at_0": "2026-12-01", "ends_at_1": "10:10", "capacity": "5"}

    refused = staff_client.post("/admin/permits/slot/add/", form, HTTP_ACCEPT_LANGUAGE="en")
    accepted = staff_client.post("/admin/permits/slot/add/", {
        **form, "starts_at_1": "12:00", "ends_at_1": "12:10"})

    assert "Slots of this service must start within its daily windows." in (
        refused.content.decode())
    assert accepted.status_code == 302
    assert Slot.objects.get().starts_at.isoformat() == "2026-12-01T09:00:00+00:00"

