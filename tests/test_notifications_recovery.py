"""An SMS is never lost: stuck rows go back to the queue and are published again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.errors import NotificationError
from notifications.models import SmsMessage
from notifications.services import sms_redispatch_due, sms_release_expired_leases, sms_retry
from tests.factories.notifications import SmsMessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def sending_since(now, *, seconds, attempts=1):
    return SmsMessageFactory(
        status=SmsMessage.Status.SENDING, claimed_at=now - timedelta(seconds=seconds),
        attempts=attempts,
    )  # fmt: skip


def test_a_row_sending_past_its_lease_goes_back_to_the_queue_to_be_looked_up(
    settings, now, django_capture_on_commit_callbacks
):
    # The lease: a lookup and a send of 10 s each, and 5 s of margin.
    settings.SMS_GATEWAY_TIMEOUT = 10
    settings.SMS_SENDING_LEASE_MARGIN_SECONDS = 5
    stuck = sending_since(now, seconds=26)
    in_flight = sending_since(now, seconds=24)

    with django_capture_on_commit_callbacks() as callbacks:
        sms_release_expired_leases(now=now)

    assert len(callbacks) == 1  # published again at once

    stuck.refresh_from_db()
    in_flight.refresh_from_db()
    assert stuck.status == SmsMessage.Status.QUEUED
    assert stuck.next_attempt_at == now
    assert stuck.outcome_unknown  # the gateway may have it: asked before any resend
    assert in_flight.status == SmsMessage.Status.SENDING
    assert not in_flight.outcome_unknown


def test_the_lease_follows_the_gateway_timeout(settings, now):
    settings.SMS_SENDING_LEASE_MARGIN_SECONDS = 5
    settings.SMS_GATEWAY_TIMEOUT = 30
    slow_gateway_send = sending_since(now, seconds=60)

    sms_release_expired_leases(now=now)

    slow_gateway_send.refresh_from_db()
    assert slow_gateway_send.status == SmsMessage.Status.SENDING


def test_a_row_lost_on_its_last_attempt_has_failed(settings, now):
    settings.SMS_MAX_ATTEMPTS = 3
    stuck = sending_since(now, seconds=600, attempts=3)

    sms_release_expired_leases(now=now)

    stuck.refresh_from_db()
    assert stuck.status == SmsMessage.Status.FAILED
    assert "worker lost" in stuck.last_error
    assert stuck.outcome_unknown  # staff's retry asks the gateway before sending


def test_queued_rows_overdue_are_published_again(settings, now, django_capture_on_commit_callbacks):
    settings.SMS_REDISPATCH_AFTER_SECONDS = 60
    overdue = SmsMessageFactory(next_attempt_at=now - timedelta(minutes=5))
    just_due = SmsMessageFactory(next_attempt_at=now - timedelta(seconds=10))
    SmsMessageFactory(next_attempt_at=now - timedelta(minutes=5), status=SmsMessage.Status.SENT)

    with django_capture_on_commit_callbacks() as callbacks:
        count = sms_redispatch_due(now=now)

    assert count == 1
    assert len(callbacks) == 1
    overdue.refresh_from_db()
    just_due.refresh_from_db()
    assert overdue.next_attempt_at == now
    assert just_due.next_attempt_at == now - timedelta(seconds=10)


def test_a_republished_row_is_not_republished_until_overdue_again(settings, now):
    settings.SMS_REDISPATCH_AFTER_SECONDS = 60
    SmsMessageFactory(next_attempt_at=now - timedelta(minutes=5))

    assert sms_redispatch_due(now=now) == 1
    assert sms_redispatch_due(now=now + timedelta(seconds=30)) == 0
    assert sms_redispatch_due(now=now + timedelta(seconds=61)) == 1


def test_redispatch_works_through_every_batch(settings, now):
    settings.SMS_REDISPATCH_AFTER_SECONDS = 0
    SmsMessageFactory.create_batch(5, next_attempt_at=now - timedelta(minutes=1))

    assert sms_redispatch_due(now=now, batch_size=2) == 5


def test_staff_can_retry_a_failed_sms(now, django_capture_on_commit_callbacks):
    message = SmsMessageFactory(status=SmsMessage.Status.FAILED, attempts=8, last_error="400")

    with django_capture_on_commit_callbacks() as callbacks:
        sms_retry(message=message, now=now)

    assert message.status == SmsMessage.Status.QUEUED
    assert message.attempts == 0
    assert message.next_attempt_at == now
    assert len(callbacks) == 1


def test_only_a_failed_sms_can_be_retried():
    message = SmsMessageFactory(status=SmsMessage.Status.SENT)

    with pytest.raises(NotificationError) as caught:
        sms_retry(message=message)
    assert caught.value.code == "not_failed"
