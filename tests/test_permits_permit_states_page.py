"""A permit's link keeps working once the permit admits no one: its owner reads it with its
state said (cancelled, used, or its time passed unused) in their language, without the QR
code or the signed code a gate would read; anyone else gets the same 404 as for a permit
that does not exist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permits import services
from permits.booking import booking_create
from permits.models import Booking, Permit, PermitQR
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW, SLOT_DAY_NOON

pytestmark = pytest.mark.django_db

BANNERS = {
    "cancelled": {"en": "Cancelled permit", "ar": "تصريح ملغى"},
    "used": {"en": "Used permit", "ar": "تصريح مستخدم"},
    "expired": {"en": "Expired permit", "ar": "تصريح منتهي الصلاحية"},
}


@pytest.fixture
def permit(pilgrim, rawdah_men):
    slot = SlotFactory(service=rawdah_men, starts_at=SLOT_DAY_NOON,
                       ends_at=SLOT_DAY_NOON + timedelta(minutes=10))
    booking = booking_create(acting_user=pilgrim, slot=slot, companions=[],
                             instructions_accepted=True, now=NOW)
    return Permit.objects.get(pk=booking.permit.pk)


def make(state, permit, pilgrim):
    if state == "cancelled":
        services.booking_cancel(booking=permit.booking, acting_user=pilgrim, now=NOW)
    elif state == "used":
        Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.USED,
                                                   used_at=timezone.now())
        Booking.objects.filter(pk=permit.booking_id).update(status=Booking.Status.USED)
    elif state == "expired":
        assert services.bookings_mark_no_show(now=SLOT_DAY_NOON.replace(hour=23)) == 1
    permit.refresh_from_db()
    return permit


def page(client, permit, language):
    return client.get(f"/permits/permit/{permit.number}/", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("state", ["cancelled", "used", "expired"])
def test_the_owner_reads_a_permit_that_admits_no_one(client, pilgrim, permit, state, language):
    client.force_login(pilgrim)
    page(client, permit, "en")  # drawn while it was valid: the stored drawing must not show
    stored = PermitQR.objects.get(permit=permit)
    permit = make(state, permit, pilgrim)

    response = page(client, permit, language)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="permit-state" data-state="{state}"' in html
    assert BANNERS[state][language] in html
    assert permit.number in html
    assert "permit-print--void" in html
    assert stored.svg not in html and "data:image/svg+xml" not in html
    assert stored.code not in html
    assert "permit-pdf" not in html and 'id="print-permit"' not in html
    assert f'<html lang="{language}"' in html


@pytest.mark.parametrize("state", ["cancelled", "used", "expired"])
def test_its_pdf_leads_to_its_page(client, pilgrim, permit, state):
    permit = make(state, permit, pilgrim)
    client.force_login(pilgrim)

    response = client.get(f"/permits/permit/{permit.number}/pdf/")

    assert response.status_code == 302
    assert response["Location"] == f"/permits/permit/{permit.number}/"


@pytest.mark.parametrize("state", ["valid", "cancelled", "used", "expired"])
def test_another_account_gets_the_404_of_a_missing_permit(client, pilgrim, permit, state):
    if state != "valid":
        permit = make(state, permit, pilgrim)
    client.force_login(PilgrimFactory())

    for url in (f"/permits/permit/{permit.number}/", f"/permits/permit/{permit.number}/pdf/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        missing = client.get(url.replace(permit.number, "RM-XXXXXXXX"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == missing.status_code == 404
        # The site's 404 page (the address typed is only echoed in the language form).
        html = response.content.decode()
        assert 'data-status="404"' in html
        assert "permit-print" not in html and 'id="permit-state"' not in html


def test_a_valid_permit_still_shows_its_code_and_no_banner(client, pilgrim, permit):
    client.force_login(pilgrim)

    html = page(client, permit, "en").content.decode()

    stored = PermitQR.objects.get(permit=permit)
    assert stored.svg in html and stored.code in html
    assert 'id="permit-state"' not in html and "permit-print--void" not in html


def test_my_permits_offers_the_page_of_a_cancelled_permit_without_its_code(client, pilgrim,
                                                                           permit):
    permit = make("cancelled", permit, pilgrim)
    client.force_login(pilgrim)

    html = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'permit-view" href="/permits/permit/{permit.number}/"' in html
    assert "data:image/svg+xml" not in html


def test_my_permits_shows_no_code_for_a_permit_whose_time_passed(client, pilgrim, permit):
    permit = make("expired", permit, pilgrim)
    client.force_login(pilgrim)

    html = client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "data:image/svg+xml" not in html and "permit-view" in html
