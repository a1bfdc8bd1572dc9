"""A send claims its row, goes to the gateway once, and records what happened."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from notifications.services import sms_send
from tests.factories.notifications import SmsMessageFactory

pytestmark = pytest.mark.django_db


def test_the_gateway_gets_the_sms_with_token_and_idempotency_key(sms_gateway):
    message = SmsMessageFactory(recipient="+966501234567", text="Your permit is issued.")

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [request] = sms_gateway.requests
    assert request["headers"]["authorization"] == f"Bearer {sms_gateway.token}"
    assert request["headers"]["idempotency-key"] == message.idempotency_key
    assert request["body"] == {
        "to": "+966501234567",
        "from": "HAJJPORTAL",
        "text": "Your permit is issued.",
        "reference": str(message.pk),
        "idempotency_key": message.idempotency_key,
    }
    assert message.provider_message_id.startswith("gw-")


def test_a_sent_sms_is_not_sent_again(sms_gateway):
    message = SmsMessageFactory()
    sms_send(message.pk)

    assert sms_send(message.pk) is None
    assert len(sms_gateway.requests) == 1


def test_a_gateway_error_puts_the_sms_back_in_the_queue_with_backoff(sms_gateway, settings):
    settings.SMS_RETRY_BASE_SECONDS = 30
    sms_gateway.fail_next(1)
    message = SmsMessageFactory()
    now = timezone.now()

    sms_send(message.pk, now=now)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at == now + timedelta(seconds=30)
    assert "500" in message.last_error


def test_a_retry_waits_for_its_time_and_backs_off_exponentially(sms_gateway, settings):
    settings.SMS_RETRY_BASE_SECONDS = 30
    sms_gateway.fail_next(2)
    message = SmsMessageFactory()
    now = timezone.now()
    sms_send(message.pk, now=now)

    assert sms_send(message.pk, now=now + timedelta(seconds=29)) is None
    sms_send(message.pk, now=now + timedelta(seconds=30))
    message.refresh_from_db()
    assert message.next_attempt_at == now + timedelta(seconds=30 + 60)

    sms_send(message.pk, now=now + timedelta(seconds=90))
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.attempts == 3
    assert len(sms_gateway.delivered) == 1


def test_the_retry_is_published_after_the_failure_is_recorded(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.fail_next(1)
    message = SmsMessageFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        sms_send(message.pk)

    assert len(callbacks) == 1


def test_after_the_last_attempt_the_sms_has_failed(sms_gateway, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    sms_gateway.fail_next(5)
    message = SmsMessageFactory()
    now = timezone.now()

    sms_send(message.pk, now=now)
    sms_send(message.pk, now=now + timedelta(hours=1))

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 2


def test_a_refusal_by_the_gateway_fails_at_once(sms_gateway):
    sms_gateway.fail_next(1, status=400)
    message = SmsMessageFactory()

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert "400" in message.last_error


def test_an_unreachable_gateway_is_a_transient_error(sms_gateway, settings, unused_port):
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{unused_port}/messages"
    message = SmsMessageFactory()

    sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert "unreachable" in message.last_error


def test_two_sends_of_one_row_reach_the_gateway_once(sms_gateway):
    message = SmsMessageFactory()
    now = timezone.now()

    results = [sms_send(message.pk, now=now), sms_send(message.pk, now=now)]

    assert sum(result is not None for result in results) == 1
    assert len(sms_gateway.requests) == 1


@pytest.fixture
def unused_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
