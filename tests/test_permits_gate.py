"""Signed permit codes and the gate: valid once, wrong slot, already used, cancelled, forged."""

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from accounts import roles
from permits import services, signing
from permits.booking import booking_create
from permits.models import Permit
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import sms_text
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(pilgrim, rawdah_slot):
    booking = booking_create(acting_user=pilgrim, slot=rawdah_slot, instructions_accepted=True,
                                      now=NOW)
    return booking.permit


@pytest.fixture
def gate_user():
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


def admit(permit_or_code, gate_user, now):
    code = permit_or_code if isinstance(permit_or_code, str) else services.permit_code(
        permit=permit_or_code)
    return services.permit_admit(code=code, acting_user=gate_user, now=now)[0]


def test_a_valid_permit_is_admitted_once(permit, gate_user):
    at_gate = permit.booking.slot.starts_at - timedelta(minutes=10)

    assert admit(permit, gate_user, at_gate) == "valid"
    assert admit(permit, gate_user, at_gate) == "already_used"
    permit.refresh_from_db()
    assert permit.status == Permit.Status.USED
    assert permit.booking.status == "used"
    assert permit.number in sms_text(permit.booking, "used")


def test_before_the_arrival_window_or_after_the_slot_is_the_wrong_slot(permit, gate_user):
    slot = permit.booking.slot

    assert admit(permit, gate_user, slot.starts_at - timedelta(minutes=16)) == "wrong_slot"
    assert admit(permit, gate_user, slot.ends_at + timedelta(minutes=1)) == "wrong_slot"


def test_a_cancelled_permit_is_refused(permit, gate_user, pilgrim):
    services.booking_cancel(booking=permit.booking, acting_user=pilgrim, now=NOW)

    assert admit(permit, gate_user, permit.booking.slot.starts_at) == "cancelled"


def test_an_altered_code_is_forged(permit, gate_user):
    prefix, body, signature = services.permit_code(permit=permit).split(".")
    other = signing.sign({"n": "RM-FAKE0000"}).split(".")[1]

    assert admit(f"{prefix}.{other}.{signature}", gate_user, NOW) == "forged"
    assert admit("HP1.garbage", gate_user, NOW) == "forged"
    assert admit(f"{prefix}.{body}.{signature}x", gate_user, NOW) == "forged"


def test_a_typed_permit_number_is_checked_like_a_scanned_code(permit, gate_user):
    slot = permit.booking.slot
    typed = f"  {permit.number.lower()} "  # as typed from the printed permit

    assert admit(typed, gate_user, slot.starts_at - timedelta(minutes=16)) == "wrong_slot"
    assert admit(typed, gate_user, slot.starts_at) == "valid"
    assert admit(permit.number, gate_user, slot.starts_at) == "already_used"
    assert admit("RM-2345ABCD", gate_user, slot.starts_at) == "unknown"


def test_the_published_public_key_verifies_a_code_offline(client, permit):
    pem = client.get("/api/v1/permits/public-key/").json()["public_key"]
    _prefix, body, signature = services.permit_code(permit=permit).split(".")

    load_pem_public_key(pem.encode()).verify(signing._unb64(signature), signing._unb64(body))


def test_the_gate_page_shows_the_result(client, permit, gate_user):
    client.force_login(gate_user)

    response = client.post("/permits/gate/", {"code": services.permit_code(permit=permit)},
                           HTTP_ACCEPT_LANGUAGE="en")

    # The wall clock is not the slot's time, so the page says so rather than admitting.
    assert 'data-result="wrong_slot"' in response.content.decode()
