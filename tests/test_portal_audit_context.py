"""Every history row (django-pghistory) says who acted: the signed-in account of a page or an
API call (the booking's fast path included, which sends its writes past Django's cursor), and
the task's name when the portal itself acts from a Celery task (portal/audit.py)."""

import pytest
from django.test import Client

from accounts.models import PilgrimProfile
from hajjportal.celery_app import app
from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"


def last_event(instance):
    return instance.events.order_by("pgh_id").last()


@pytest.fixture
def booker():
    return PilgrimFactory(gender="male")


@pytest.fixture
def booking(app_client, rawdah_men, booker):
    response = app_client(booker).post(
        BOOKINGS, {"slot": wall_clock_slot(rawdah_men, capacity=5).pk,
                   "accept_instructions": True}, content_type="application/json")
    assert response.status_code == 201, response.content
    return Booking.objects.get(pk=response.json()["id"])


def test_a_booking_made_through_the_api_is_recorded_as_the_bookers(booking, booker):
    created = last_event(booking)

    assert created.pgh_label == "insert"
    assert created.pgh_context.metadata == {"user": booker.pk, "url": BOOKINGS}


def test_a_cancellation_on_the_page_is_recorded_as_the_account_holders(booking, booker):
    client = Client()
    client.force_login(booker)

    client.post(f"/permits/booking/{booking.pk}/cancel/", {"confirm": "1"})

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    cancelled = last_event(booking)
    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.pgh_context.metadata["user"] == booker.pk
    assert cancelled.pgh_context.metadata["url"] == f"/permits/booking/{booking.pk}/cancel/"


def test_a_write_from_a_task_is_recorded_under_the_tasks_name():
    pilgrim = PilgrimFactory()

    @app.task(name="tests.rename_profile")
    def rename_profile(pk):
        PilgrimProfile.objects.filter(user_id=pk).first().save()

    rename_profile.apply(args=[pilgrim.pk])

    saved = last_event(pilgrim.profile)
    assert saved.pgh_context.metadata == {"task": "tests.rename_profile"}
