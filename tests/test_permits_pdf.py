"""The permit as a PDF file: its owner downloads it in their own language, with the Arabic as
real text (joined and right to left, read back here by a PDF parser), identity numbers
masked; nobody else gets it."""

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from accounts.masking import mask_identity_number
from permits import services
from permits.booking import booking_create
from permits.models import Permit
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW, SLOT_DAY_NOON

pytestmark = pytest.mark.django_db


def book(user, slot, companions=()):
    booking = booking_create(acting_user=user, slot=slot, companions=list(companions),
                                      instructions_accepted=True, now=NOW)
    return Permit.objects.get(pk=booking.permit.pk)


def pdf_text(response) -> str:
    """The text of every page, without the marks that keep numbers left to right."""
    reader = PdfReader(BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u200e", "")


@pytest.fixture
def noon_slot(rawdah_men):
    return SlotFactory(service=rawdah_men, starts_at=SLOT_DAY_NOON,
                       ends_at=SLOT_DAY_NOON + timedelta(minutes=10))


@pytest.fixture
def companion(pilgrim):
    return DependantFactory(owner=pilgrim, full_name="يوسف عبد الرحمن")


@pytest.fixture
def permit(pilgrim, noon_slot, companion):
    return book(pilgrim, noon_slot, [companion])


def test_the_owner_downloads_a_pdf_file_named_after_the_permit(client, pilgrim, permit):
    client.force_login(pilgrim)

    response = client.get(f"/permits/permit/{permit.number}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="permit-{permit.number}.pdf"')
    assert response.content.startswith(b"%PDF")
    assert permit.number in pdf_text(response)


def test_another_pilgrim_cannot_download_it(client, permit):
    client.force_login(PilgrimFactory())

    assert client.get(f"/permits/permit/{permit.number}/pdf/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, permit):
    response = client.get(f"/permits/permit/{permit.number}/pdf/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_cancelled_permit_has_no_pdf_but_its_page_says_so(client, pilgrim, permit):
    services.booking_cancel(booking=permit.booking, acting_user=pilgrim, now=NOW)
    client.force_login(pilgrim)

    response = client.get(f"/permits/permit/{permit.number}/pdf/")

    assert response.status_code == 302
    assert response["Location"] == f"/permits/permit/{permit.number}/"


def test_an_arabic_speaking_pilgrim_gets_it_in_arabic(client, pilgrim, permit, companion):
    client.force_login(pilgrim)

    text = pdf_text(client.get(f"/permits/permit/{permit.number}/pdf/",
                               HTTP_ACCEPT_LANGUAGE="en"))

    assert "زيارة الروضة الشريفة للرجال" in text  # the service, in Arabic
    assert "رقم التصريح" in text  # "Permit number"
    assert "الحالة" in text  # "Status"
    assert "المرافقون" in text and companion.full_name in text  # "Companions"
    # The slot, 15 Jumada al-Akhirah 1448 beside 25 November 2026 at noon (the parser
    # reorders the numbers among the Arabic words, so each piece is looked for alone).
    assert "جمادى الآخرة" in text and "1448" in text
    assert "نوفمبر" in text and "2026" in text
    assert "12:00" in text
    assert "Rawdah visit" not in text


def test_an_english_speaking_pilgrim_gets_it_in_english(client, noon_slot):
    pilgrim = PilgrimFactory(profile__preferred_language="en")
    permit = book(pilgrim, noon_slot)
    client.force_login(pilgrim)

    text = pdf_text(client.get(f"/permits/permit/{permit.number}/pdf/",
                               HTTP_ACCEPT_LANGUAGE="ar"))

    assert "Rawdah visit, men" in text
    assert "Permit number" in text
    assert "15 Jumada al-Akhirah 1448 AH · 25 November 2026, 12:00" in text
    assert "verify it offline with the portal's public key" in text
    assert "/api/v1/permits/public-key/" in text


def test_identity_numbers_are_masked_on_paper(client, pilgrim, permit, companion):
    client.force_login(pilgrim)

    text = pdf_text(client.get(f"/permits/permit/{permit.number}/pdf/"))

    for number in (pilgrim.profile.id_number, companion.id_number):
        assert number not in text
        assert mask_identity_number(number) in text


def test_my_permits_and_the_print_page_link_to_the_pdf(client, pilgrim, permit):
    client.force_login(pilgrim)
    link = f'href="/permits/permit/{permit.number}/pdf/"'

    assert link in client.get("/permits/mine/").content.decode()
    assert link in client.get(f"/permits/permit/{permit.number}/").content.decode()


def test_the_print_page_names_the_service_in_the_pilgrims_language_too(client, pilgrim, permit):
    client.force_login(pilgrim)  # an Arabic-speaking pilgrim, browsing in English

    page = client.get(f"/permits/permit/{permit.number}/", HTTP_ACCEPT_LANGUAGE="en")

    assert "زيارة الروضة الشريفة للرجال" in page.content.decode()
    assert "Rawdah visit, men" not in page.content.decode()
