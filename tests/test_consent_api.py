"""Over /api/v1/consent/ a pilgrim adds dependants with a document (its first bytes decide
its type), sees their review status, grants and withdraws standing consents, and only ever
finds their own rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consent.models import Dependant
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory, pdf_upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/consent/"


def dependant_form(**overrides):
    return {"full_name": "Salma", "relation": "daughter", "id_type": "national_id",
            "id_number": "1000000008", "gender": "female", "date_of_birth": "2015-04-01",
            "document": pdf_upload(), **overrides}


def test_a_dependant_is_added_with_a_document_and_waits_for_review(app_client, pilgrim):
    client = app_client(pilgrim)

    added = client.post(f"{URL}dependants/", dependant_form())

    assert added.status_code == 201, added.content
    assert added.json()["status"] == "pending"
    dependant = Dependant.objects.get(owner=pilgrim)
    assert dependant.document_type == "application/pdf"
    assert [row["full_name"] for row in client.get(f"{URL}dependants/").json()] == ["Salma"]


def test_a_document_that_is_not_a_pdf_or_image_is_refused(app_client, pilgrim):
    fake = SimpleUploadedFile("card.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = app_client(pilgrim).post(f"{URL}dependants/", dependant_form(document=fake),
                                        HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["code"] == "document_type"


def test_an_account_holders_number_reads_pending_to_the_claimer(app_client, pilgrim):
    holder = PilgrimFactory()

    added = app_client(pilgrim).post(
        f"{URL}dependants/", dependant_form(id_number=holder.profile.id_number))

    assert added.json()["status"] == "pending"
    assert Dependant.objects.get(owner=pilgrim).status == Dependant.Status.IN_REVIEW


def test_another_accounts_dependant_answers_404(app_client, pilgrim):
    other = DependantFactory()
    client = app_client(pilgrim)

    assert client.get(f"{URL}dependants/{other.pk}/").status_code == 404
    assert client.delete(f"{URL}dependants/{other.pk}/").status_code == 404
    assert Dependant.objects.filter(pk=other.pk).exists()


def test_a_standing_consent_is_granted_and_withdrawn(app_client, pilgrim):
    client = app_client(pilgrim)

    granted = client.post(f"{URL}standing-consents/",
                          {"id_type": "national_id", "id_number": "1000000008"},
                          content_type="application/json")
    revoked = client.post(f"{URL}standing-consents/{granted.json()['id']}/revoke/")

    assert granted.status_code == 201 and revoked.status_code == 204
    assert client.get(f"{URL}standing-consents/").json() == []
