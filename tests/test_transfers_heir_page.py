"""An heir takes over a deceased holder's priority from a page with the probate document;
the document is checked like the service desk's uploads and served only to the claimant
and the staff who review heir claims."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.transfers import RegistrationFactory
from transfers.models import HeirClaim

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 probate of the deceased holder"


def file_claim(client, registration, content=PDF, name="probate.pdf", **overrides):
    data = {"due_year": registration.due_year,
            "priority_number": registration.priority_number,
            "holder_id_number": registration.holder.profile.id_number,
            "probate_document": SimpleUploadedFile(name, content), **overrides}
    return client.post("/transfers/heir/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_transfer_page_leads_heirs_to_their_page(client):
    client.force_login(PilgrimFactory())
    page = client.get("/transfers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/transfers/heir/" in page
    assert "Take over a deceased holder" in page


def test_an_heir_files_a_claim_with_the_probate_document(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registration = RegistrationFactory()
    heir = PilgrimFactory()
    client.force_login(heir)

    assert file_claim(client, registration).status_code == 302

    claim = HeirClaim.objects.get()
    assert (claim.registration, claim.claimant, claim.status) == (registration, heir, "pending")
    assert claim.content_type == "application/pdf"
    assert "probate.pdf" not in claim.probate_document.name  # stored under a random token
    page = client.get("/transfers/heir/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Under review" in page


def test_a_wrong_holder_identity_number_is_received_for_staff_to_refuse(
        client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registration = RegistrationFactory()
    client.force_login(PilgrimFactory())
    response = file_claim(client, registration, holder_id_number="1000000000")
    assert response.status_code == 302
    claim = HeirClaim.objects.get()
    assert (claim.registration, claim.number) == (None, str(registration))


def test_a_file_that_is_not_a_document_or_too_large_is_refused(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TRANSFERS_MAX_FILE_BYTES = 1024 * 1024
    registration = RegistrationFactory()
    client.force_login(PilgrimFactory())

    renamed = file_claim(client, registration, content=b"MZ\x90\x00 not a pdf", name="x.pdf")
    assert "must be a PDF, JPEG or PNG file" in renamed.content.decode()
    large = file_claim(client, registration, content=PDF + b"0" * (1024 * 1024))
    assert "may not be larger than 1 MB" in large.content.decode()
    assert not HeirClaim.objects.exists()


def test_one_pending_claim_per_heir_and_registration(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registration = RegistrationFactory()
    client.force_login(PilgrimFactory())
    file_claim(client, registration)
    again = file_claim(client, registration)
    assert "already have a claim to this registration under review" in again.content.decode()
    assert HeirClaim.objects.count() == 1


def test_only_the_claimant_and_reviewing_staff_read_the_document(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registration = RegistrationFactory()
    heir = PilgrimFactory()
    client.force_login(heir)
    file_claim(client, registration)
    url = f"/transfers/heir/document/{HeirClaim.objects.get().token}/"

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"

    for stranger in (PilgrimFactory(), registration.holder):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302

    client.force_login(StaffUserFactory())  # a ministry administrator
    assert client.get(url).status_code == 200
