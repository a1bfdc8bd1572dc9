"""An SMS whose last try may have reached the gateway is looked up before it is sent again.

The gateway here does not deduplicate by key, so a resend would reach the phone twice.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from notifications.services import sms_send
from tests.factories.notifications import SmsMessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(sms_gateway):
    sms_gateway.deduplicate = False
    return sms_gateway


def unknown_row(**fields):
    return SmsMessageFactory(outcome_unknown=True, attempts=1, **fields)


def later(message):
    message.refresh_from_db()
    return message.next_attempt_at + timedelta(seconds=1)


def deliver_directly(gateway, message):
    """What a worker that died after the gateway accepted had done."""
    status, _answer = gateway.handle(
        {"authorization": f"Bearer {gateway.token}"},
        {"to": message.recipient, "text": message.text,
         "idempotency_key": message.idempotency_key},
    )  # fmt: skip
    assert status == 200


def test_a_message_the_gateway_holds_is_recorded_sent_and_not_sent_again(gateway):
    message = unknown_row()
    deliver_directly(gateway, message)
    [first_id] = gateway._ids_by_key.values()

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.provider_message_id == first_id
    assert not message.outcome_unknown
    assert len(gateway.delivered) == 1
    assert gateway.requests[1:] == []  # no POST after the one that got through
    [lookup] = gateway.lookups
    assert lookup["key"] == message.idempotency_key
    assert lookup["headers"]["authorization"] == f"Bearer {gateway.token}"


def test_a_message_the_gateway_never_received_is_sent(gateway):
    message = unknown_row()

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert len(gateway.lookups) == 1
    assert len(gateway.delivered) == 1


def test_a_message_known_not_sent_is_sent_without_a_lookup(gateway):
    message = SmsMessageFactory()

    sms_send(message.pk)

    assert gateway.lookups == []
    assert len(gateway.delivered) == 1


@pytest.mark.parametrize("status", [500, 404, 401])
def test_a_lookup_without_a_clear_answer_sends_nothing_and_asks_again_later(gateway, status):
    # A 404 without "unknown_key" is a proxy's, not the gateway's word on the key.
    message = unknown_row()
    deliver_directly(gateway, message)
    gateway.fail_next(1, status=status)

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.outcome_unknown
    assert message.next_attempt_at > timezone.now()  # the backoff
    assert len(gateway.delivered) == 1

    sms_send(message.pk, now=later(message))

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert len(gateway.delivered) == 1


def test_a_lookup_that_times_out_sends_nothing(gateway, settings):
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    gateway.delay_seconds = 0.5
    message = unknown_row()

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.outcome_unknown
    assert "lookup" in message.last_error
    assert gateway.requests == []


def test_a_send_that_timed_out_is_looked_up_before_it_is_retried(gateway, settings):
    settings.SMS_GATEWAY_TIMEOUT = 0.6
    gateway.delay_seconds = 0.5  # accepted after the worker stopped waiting
    message = SmsMessageFactory()

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.outcome_unknown
    gateway.wait_for_deliveries(1)
    gateway.delay_seconds = 0

    sms_send(message.pk, now=later(message))

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert len(gateway.delivered) == 1
    assert len(gateway.lookups) == 1


def test_a_gateway_error_answer_is_retried_without_a_lookup(gateway):
    gateway.fail_next(1)
    message = SmsMessageFactory()

    sms_send(message.pk)
    message.refresh_from_db()
    assert not message.outcome_unknown
    sms_send(message.pk, now=later(message))

    assert gateway.lookups == []
    assert len(gateway.delivered) == 1


def test_without_the_lookup_the_resend_reaches_the_phone_twice(gateway, settings):
    # Proves the tests above can see a double send.
    settings.SMS_GATEWAY_LOOKUP = False
    message = unknown_row()
    deliver_directly(gateway, message)

    sms_send(message.pk)

    assert len(gateway.delivered) == 2


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.SMS_BACKEND = "notifications.backends.FileBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    return settings.SMS_FILE_PATH


def test_the_file_backend_answers_the_lookup_from_its_own_file(file_backend):
    written = unknown_row()
    file_backend.write_text(
        json.dumps({"id": "file-abc", "idempotency_key": written.idempotency_key}) + "\n"
        + '{"id": "file-cut-short", "idempotency_key": "' + "\n"  # a crash mid-write
    )  # fmt: skip
    never_written = unknown_row()

    sms_send(written.pk)
    sms_send(never_written.pk)

    written.refresh_from_db()
    never_written.refresh_from_db()
    assert (written.status, written.provider_message_id) == (SmsMessage.Status.SENT, "file-abc")
    assert never_written.status == SmsMessage.Status.SENT
    lines = file_backend.read_text().splitlines()
    assert [json.loads(line)["idempotency_key"] for line in lines if line.endswith("}")] == [
        written.idempotency_key, never_written.idempotency_key,
    ]  # fmt: skip

