"""Staff with the permission to add slots manage releases at /api/v1/permits/releases/ and
in the admin; a pilgrim cannot."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import roles
from permits.models import Release
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import release_slots

pytestmark = pytest.mark.django_db

RELEASES = "/api/v1/permits/releases/"


def staff_client():
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    return client


def body(slots, **overrides):
    return {"service": "rawdah_men", "slots": [slot.pk for slot in slots],
            "opens_at": (timezone.now() + timedelta(hours=1)).isoformat(),
            "prequeue_minutes": 15, "admit_per_second": 200, **overrides}


def test_staff_who_may_add_slots_create_a_release(rawdah_men):
    slots = release_slots(rawdah_men, count=2, capacity=10)

    response = staff_client().post(RELEASES, body(slots), content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["slots"] == [slot.pk for slot in slots]
    assert response.json()["admit_per_second"] == 200
    assert staff_client().get(RELEASES).json()[0]["id"] == response.json()["id"]


def test_a_pilgrim_cannot_manage_releases(app_client, pilgrim, rawdah_men):
    slots = release_slots(rawdah_men, count=1, capacity=10)

    response = app_client(pilgrim).post(RELEASES, body(slots), content_type="application/json")

    assert response.status_code == 403
    assert not Release.objects.exists()


def test_a_release_of_another_service_s_slots_is_refused(rawdah_men):
    slots = release_slots(rawdah_men, count=1, capacity=10)

    response = staff_client().post(RELEASES, body(slots, service="rawdah_women"),
                                   content_type="application/json",
                                   headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert "must be of its service" in str(response.json()["errors"])


def test_an_admission_rate_of_zero_is_refused(rawdah_men):
    slots = release_slots(rawdah_men, count=1, capacity=10)

    response = staff_client().post(RELEASES, body(slots, admit_per_second=0),
                                   content_type="application/json")

    assert response.status_code == 400


def test_the_admin_lists_releases_for_staff(rawdah_men):
    client = staff_client()

    assert client.get("/admin/permits/release/").status_code == 200
    assert client.get("/admin/permits/release/add/").status_code == 200
