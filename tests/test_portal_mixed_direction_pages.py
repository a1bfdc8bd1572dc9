"""The main pilgrim pages, rendered in Arabic (and English), show every date, time of day,
reference number, phone number and amount as a run of its own: alone inside an isolating element
(<bdi>, or an element with a dir attribute), so that a right-to-left page never pulls a day
away from its month, reads a permit number backwards or breaks it at its hyphen."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.translation import gettext

from accounts.masking import mask_identity_number
from permits.booking import booking_create
from permits.models import WaitlistEntry
from tests.bidi_runs import runs_not_isolated
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import contract_for, filed_complaint
from tests.factories.permits import SlotFactory, umrah_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilgrim_with_everything(permit_services):
    """A pilgrim with a permit, a place on a waiting list, a contract and a complaint."""
    pilgrim = PilgrimFactory()
    now = timezone.now()
    slot = umrah_slot(capacity=3)
    booking = booking_create(acting_user=pilgrim, slot=slot, companions=[],
                             instructions_accepted=True)
    full = SlotFactory(service=slot.service, starts_at=slot.starts_at + timedelta(hours=1),
                       ends_at=slot.ends_at + timedelta(hours=1), capacity=1)
    booking_create(acting_user=PilgrimFactory(), slot=full, companions=[],
                   instructions_accepted=True)
    WaitlistEntry.objects.create(slot=full, user=pilgrim, seats=1, created_at=now)
    contract = contract_for(pilgrim=pilgrim, now=now)
    complaint = filed_complaint(contract=contract, now=now)
    return pilgrim, booking, contract, complaint


PAGES = [
    "/dashboard/",
    "/permits/mine/",
    "/permits/permit/{permit}/",
    "/packages/contracts/",
    "/packages/contracts/{contract}/",
    "/complaints/",
    "/complaints/{complaint}/",
    "/packages/",
    "/packages/{package}/",
    "/profile/",
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_date_reference_and_phone_number_is_isolated(
        client, pilgrim_with_everything, language, page):
    pilgrim, booking, contract, complaint = pilgrim_with_everything
    profile = pilgrim.profile
    client.force_login(pilgrim)
    path = page.format(permit=booking.permit.number, contract=contract.pk,
                       complaint=complaint.number, package=contract.package_id)

    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    with translation.override(language):
        amounts = [f"{localize(value)} {gettext('SAR')}"
                   for value in (contract.value, contract.package.price)]
    loose, runs = runs_not_isolated(
        response.content.decode(), language=language,
        values=[booking.permit.number, contract.reference, complaint.number, profile.mobile,
                mask_identity_number(profile.id_number), *amounts])
    assert runs > 0, "the page shows none of the runs it is meant to"
    assert loose == []


def test_a_date_in_running_text_is_found_loose():
    """The check itself: a date or a number left in a sentence is reported."""
    html = ('<html dir="rtl"><body><p>صدر التصريح UM-AB12 في 21 نوفمبر 2026</p>'
            '<p><bdi>UM-AB12</bdi></p></body></html>')

    loose, runs = runs_not_isolated(html, language="ar", values=["UM-AB12"])

    assert runs == 3
    assert sorted(loose) == sorted(["UM-AB12", "21 نوفمبر 2026"])
