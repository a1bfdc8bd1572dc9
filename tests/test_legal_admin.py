"""Ministry administrators edit the texts in the admin, one language at a time, and read who
accepted which version of the terms (a record nobody edits)."""

import pytest
from django.utils import timezone

from legal.models import LegalDocument, TermsAcceptance
from legal.services import terms_accept
from tests.factories.accounts import PilgrimFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def test_a_ministry_administrator_opens_the_texts_and_their_translations(client):
    client.force_login(StaffUserFactory())
    document = LegalDocument.objects.get(kind="terms", version=1)

    assert client.get("/admin/legal/legaldocument/").status_code == 200
    assert client.get("/admin/legal/legaldocument/add/").status_code == 200
    page = client.get(f"/admin/legal/legaldocument/{document.pk}/change/?language=ar")
    assert page.status_code == 200
    assert "شروط الاستخدام" in page.content.decode()


def test_the_acceptances_are_listed_and_read_only(client):
    pilgrim = PilgrimFactory()
    acceptance = terms_accept(acting_user=pilgrim, version=1, now=timezone.now(),
                              via=TermsAcceptance.Via.SIGNUP_APP)
    client.force_login(StaffUserFactory())

    listing = client.get("/admin/legal/termsacceptance/")
    assert listing.status_code == 200 and str(pilgrim) in listing.content.decode()
    page = client.get(f"/admin/legal/termsacceptance/{acceptance.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert client.get("/admin/legal/termsacceptance/add/").status_code == 403
