"""A person texts "STATUS <reference>" (or "حالة <reference>") to the portal's number: the
owner's current mobile is answered with the state in the owner's language; anything else,
and any other number, gets the same help text, so nothing leaks. Posted by the gateway,
signed (portal/signing.py); a message posted again is answered once; a number is answered a
limited number of times an hour."""

import json
from datetime import UTC, datetime

import pytest

from devtools.signed_webhooks import signature_headers
from notifications.inbound import SMS
from notifications.models import InboundSms, SmsMessage
from notifications.services import _render
from portal import references
from tests.factories.accounts import PilgrimFactory
from tests.factories.references import ALL

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/sms/inbound/"
SECRET = "dev-sms-gateway-webhook-secret"  # the development and test secret (settings)


def text_in(client, sender, text, *, message_id=None, secret=SECRET):
    body = json.dumps({"id": message_id or f"in-{text_in.count}", "from": sender, "text": text,
                       "received_at": datetime.now(UTC).isoformat()}).encode()
    text_in.count += 1
    headers = {f"HTTP_{name.upper().replace('-', '_')}": value
               for name, value in signature_headers(body, secret).items()}
    return client.post(URL, body, content_type="application/json", **headers)


text_in.count = 0


def replies_to(number):
    """The SMS that answered what `number` texted (not the notices its records sent)."""
    return list(SmsMessage.objects.filter(recipient=number,
                                          about_reference__startswith="notifications.inbound")
                .order_by("pk")
                .values_list("text", flat=True))


def help_text(language):
    return _render(SMS["help"], None, language)


def state_text(reference, language):
    description = references.reference_find(reference).describe_in(language)
    message = SMS["state_next" if description.next_step else "state"]
    return _render(message, vars(description), language)


@pytest.fixture
def pilgrim():
    return PilgrimFactory(profile__preferred_language="en")


@pytest.mark.parametrize("kind", list(ALL))
def test_every_kind_answers_its_state_to_the_owners_mobile(client, pilgrim, kind):
    _record, reference = ALL[kind](pilgrim)
    mobile = str(pilgrim.profile.mobile)

    response = text_in(client, mobile, f"STATUS {reference}")

    assert response.status_code == 200
    assert replies_to(mobile)[-1] == state_text(reference, "en")
    assert reference in replies_to(mobile)[-1]


@pytest.mark.parametrize("kind", list(ALL))
def test_a_number_that_does_not_own_the_reference_learns_nothing(client, pilgrim, kind):
    _record, reference = ALL[kind](pilgrim)
    stranger = str(PilgrimFactory(profile__preferred_language="en").profile.mobile)

    text_in(client, stranger, f"STATUS {reference}")
    text_in(client, stranger, "STATUS CM1448-999999")

    assert replies_to(stranger) == [help_text("en"), help_text("en")]


def test_the_arabic_keyword_and_digits_answer_in_the_owners_language(client):
    pilgrim = PilgrimFactory(profile__preferred_language="ar")
    _complaint, reference = ALL["complaint"](pilgrim)
    mobile = str(pilgrim.profile.mobile)
    arabic_digits = reference.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    text_in(client, mobile, f"  حالة   {arabic_digits.lower()} ")

    answer = replies_to(mobile)[-1]
    assert answer == state_text(reference, "ar")
    assert "هـ" in answer  # the deadline's Hijri date


def test_the_keyword_is_read_in_any_case(client, pilgrim):
    _desk_request, reference = ALL["desk"](pilgrim)
    mobile = str(pilgrim.profile.mobile)

    text_in(client, mobile, f"status {reference.lower()}")

    assert replies_to(mobile) == [state_text(reference, "en")]


def test_anything_else_answers_with_help_in_the_senders_language(client, pilgrim):
    mobile = str(pilgrim.profile.mobile)
    nobody = "+447700900123"

    text_in(client, mobile, "hello")
    text_in(client, nobody, "STATUS")

    assert replies_to(mobile) == [help_text("en")]
    assert replies_to(nobody) == [help_text("ar")]


def test_only_the_current_mobile_is_answered_not_a_former_one(client, pilgrim):
    _contract, reference = ALL["contract"](pilgrim)
    former = str(pilgrim.profile.mobile)
    pilgrim.profile.mobile = "+966599999991"
    pilgrim.profile.save()

    text_in(client, former, f"STATUS {reference}")
    text_in(client, "+966599999991", f"STATUS {reference}")

    assert replies_to(former) == [help_text("ar")]
    assert replies_to("+966599999991") == [state_text(reference, "en")]


def test_a_message_posted_again_is_answered_once(client, pilgrim):
    _contract, reference = ALL["contract"](pilgrim)
    mobile = str(pilgrim.profile.mobile)

    first = text_in(client, mobile, f"STATUS {reference}", message_id="gw-42")
    again = text_in(client, mobile, f"STATUS {reference}", message_id="gw-42")

    assert first.status_code == again.status_code == 200
    assert len(replies_to(mobile)) == 1
    assert InboundSms.objects.filter(message_id="gw-42").count() == 1


def test_beyond_the_hourly_limit_nothing_is_sent_and_the_gateway_gets_200(
        client, pilgrim, settings):
    settings.SMS_INBOUND_ANSWERS_PER_HOUR = 2
    mobile = str(pilgrim.profile.mobile)

    statuses = [text_in(client, mobile, "hello").status_code for _ in range(4)]

    assert statuses == [200] * 4
    assert len(replies_to(mobile)) == 2
    assert list(InboundSms.objects.filter(sender=mobile).order_by("pk")
                .values_list("outcome", flat=True)) == ["help", "help", "limited", "limited"]


def test_a_bad_signature_is_refused_and_nothing_is_stored(client, pilgrim):
    mobile = str(pilgrim.profile.mobile)

    response = text_in(client, mobile, "hello", secret="not-the-gateways-secret")

    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert not InboundSms.objects.exists() and not replies_to(mobile)


def test_a_sender_that_is_not_a_number_is_a_clear_400(client):
    response = text_in(client, "HAJJ-INFO", "hello")

    assert response.status_code == 400
    assert "from" in response.json()["errors"]
    assert not InboundSms.objects.exists()


def test_logs_show_only_the_last_digits_of_the_number(client, pilgrim, caplog):
    mobile = str(pilgrim.profile.mobile)

    with caplog.at_level("INFO", logger="notifications.inbound"):
        text_in(client, mobile, "hello")

    assert mobile[-4:] in caplog.text and mobile not in caplog.text
