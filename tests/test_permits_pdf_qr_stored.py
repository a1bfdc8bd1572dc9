"""The permit PDF places the stored QR drawing (permits.PermitQR): the first download draws
it from the stored code and keeps it, later downloads draw nothing, and a permit whose code
changed is drawn again."""

from datetime import timedelta
from io import BytesIO

import pytest
import segno
from PIL import Image
from pypdf import PdfReader

from permits import signing
from permits.booking import booking_create
from permits.models import PermitQR, Slot
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW, SLOT_DAY_NOON

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(pilgrim, rawdah_men, client):
    slot = SlotFactory(service=rawdah_men, starts_at=SLOT_DAY_NOON,
                       ends_at=SLOT_DAY_NOON + timedelta(minutes=10))
    booking = booking_create(acting_user=pilgrim, slot=slot, instructions_accepted=True,
                             now=NOW)
    client.force_login(pilgrim)
    return booking.permit


def download(client, permit):
    response = client.get(f"/permits/permit/{permit.number}/pdf/")
    assert response.status_code == 200
    return response


def qr_pixels(png: bytes) -> bytes:
    return Image.open(BytesIO(png)).convert("L").tobytes()


def placed_image(response) -> bytes:
    """The pixels of the one image on the PDF's page."""
    (image,) = PdfReader(BytesIO(response.content)).pages[0].images
    return image.image.convert("L").tobytes()


def test_the_first_download_draws_the_stored_code_and_keeps_the_drawing(client, permit):
    response = download(client, permit)

    stored = PermitQR.objects.get(permit=permit)
    assert bytes(stored.png).startswith(b"\x89PNG")
    assert placed_image(response) == qr_pixels(bytes(stored.png))
    # The drawing is the stored code's, which the gate verifies.
    expected = BytesIO()
    segno.make(stored.code, error="m").save(expected, kind="png", scale=10, border=2)
    assert qr_pixels(bytes(stored.png)) == qr_pixels(expected.getvalue())
    assert signing.verify(stored.code)["n"] == permit.number


def test_a_second_download_draws_no_qr(client, permit, monkeypatch):
    download(client, permit)
    first = PermitQR.objects.get(permit=permit)

    def no_drawing(*args, **kwargs):
        raise AssertionError("the QR code was drawn again")

    monkeypatch.setattr(segno, "make", no_drawing)
    response = download(client, permit)

    assert PermitQR.objects.count() == 1
    again = PermitQR.objects.get(permit=permit)
    assert (again.made_at, again.payload, bytes(again.png)) == (
        first.made_at, first.payload, bytes(first.png))
    assert placed_image(response) == qr_pixels(bytes(first.png))


def test_a_permit_whose_code_changed_is_drawn_again(client, permit):
    download(client, permit)
    first = PermitQR.objects.get(permit=permit)
    # The slot moved: the validity in the code moves with it.
    Slot.objects.filter(pk=permit.booking.slot_id).update(
        starts_at=SLOT_DAY_NOON + timedelta(hours=1),
        ends_at=SLOT_DAY_NOON + timedelta(hours=1, minutes=10))

    response = download(client, permit)

    again = PermitQR.objects.get(permit=permit)
    assert again.payload != first.payload
    assert bytes(again.png) != bytes(first.png)
    assert placed_image(response) == qr_pixels(bytes(again.png))
    assert signing.verify(again.code)["f"] != signing.verify(first.code)["f"]
