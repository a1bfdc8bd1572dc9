"""Through the API, an heir files a claim to a deceased holder's priority with the probate
document (the same services as the page) and lists only their own claims; a file that is
not a document is refused in the one error shape (a wrong holder identity number is not:
tests/test_transfers_heir_claim_no_oracle.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory
from transfers.models import HeirClaim

pytestmark = pytest.mark.django_db

URL = "/api/v1/transfers/heir-claims/"
PDF = b"%PDF-1.4 probate of the deceased holder"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def file_claim(api, registration, content=PDF, name="probate.pdf", **overrides):
    data = {"due_year": registration.due_year,
            "priority_number": registration.priority_number,
            "holder_id_number": registration.holder.profile.id_number,
            "probate_document": SimpleUploadedFile(name, content), **overrides}
    return api.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")  # multipart, as the app sends it


def test_an_heir_files_a_claim_with_a_pdf(app_client):
    registration = RegistrationFactory()
    heir = PilgrimFactory()

    response = file_claim(app_client(heir), registration)

    assert response.status_code == 201
    body = response.json()
    assert (body["due_year"], body["priority_number"]) == (registration.due_year,
                                                          registration.priority_number)
    assert (body["status"], body["status_label"]) == ("pending", "Under review")
    claim = HeirClaim.objects.get()
    assert (claim.pk, claim.registration, claim.claimant) == (body["id"], registration, heir)
    assert claim.content_type == "application/pdf"
    assert claim.probate_document.read() == PDF


def test_the_list_shows_only_the_heirs_own_claims(app_client):
    first, second = RegistrationFactory(), RegistrationFactory()
    heir, other_heir = PilgrimFactory(), PilgrimFactory()
    file_claim(app_client(heir), first)
    file_claim(app_client(other_heir), second)

    mine = app_client(heir).get(URL).json()

    assert [claim["priority_number"] for claim in mine] == [first.priority_number]
    assert app_client(PilgrimFactory()).get(URL).json() == []


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(app_client):
    registration = RegistrationFactory()

    response = file_claim(app_client(PilgrimFactory()), registration,
                          content=b"MZ\x90\x00 not a pdf", name="probate.pdf")

    assert response.status_code == 400
    assert response.json() == {"code": "file_type", "detail": "The probate document must be "
                               "a PDF, JPEG or PNG file."}
    assert not HeirClaim.objects.exists()


def test_the_body_never_names_the_matched_registration(app_client):
    body = file_claim(app_client(PilgrimFactory()), RegistrationFactory()).json()
    assert "registration" not in body


def test_nobody_claims_their_own_identity_number_as_an_heir(app_client):
    registration = RegistrationFactory()

    response = file_claim(app_client(registration.holder), registration)

    assert response.status_code == 400
    assert response.json()["code"] == "own_registration"
    assert not HeirClaim.objects.exists()
