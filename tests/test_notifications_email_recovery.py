"""An e-mail whose worker died mid-send goes back to the queue and is sent again with the
same Message-ID (SMTP cannot be asked whether it arrived); one nobody took is published
again by the beat's redispatch."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import EmailMessage
from notifications.services import email_redispatch_due, email_send
from notifications.tasks import redispatch_stuck_sms
from tests.factories.notifications import EmailMessageFactory

pytestmark = pytest.mark.django_db


def test_a_row_sending_past_its_lease_is_queued_again_and_sent_with_its_message_id(
    locmem_mail, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_SENDING_LEASE_SECONDS = 300
    now = timezone.now()
    lost = EmailMessageFactory(status=EmailMessage.Status.SENDING, attempts=1,
                               claimed_at=now - timedelta(seconds=301))
    in_flight = EmailMessageFactory(status=EmailMessage.Status.SENDING, attempts=1,
                                    claimed_at=now - timedelta(seconds=299))

    with django_capture_on_commit_callbacks() as callbacks:
        assert email_redispatch_due(now=now) == 0  # nothing overdue in the queue itself

    lost.refresh_from_db()
    in_flight.refresh_from_db()
    assert lost.status == EmailMessage.Status.QUEUED
    assert lost.last_error == "worker lost during send"
    assert in_flight.status == EmailMessage.Status.SENDING
    assert len(callbacks) == 1  # the lost one is published at once

    email_send(lost.pk, now=now)
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == lost.message_id


def test_a_lost_row_that_used_up_its_tries_fails(settings):
    settings.SMS_MAX_ATTEMPTS = 3
    now = timezone.now()
    row = EmailMessageFactory(status=EmailMessage.Status.SENDING, attempts=3,
                              claimed_at=now - timedelta(hours=1))

    email_redispatch_due(now=now)

    row.refresh_from_db()
    assert row.status == EmailMessage.Status.FAILED


def test_the_beat_publishes_again_a_queued_email_nobody_took(settings):
    settings.SMS_REDISPATCH_AFTER_SECONDS = 60
    now = timezone.now()
    row = EmailMessageFactory(next_attempt_at=now - timedelta(seconds=61))
    EmailMessageFactory(next_attempt_at=now - timedelta(seconds=30))  # not overdue yet

    assert redispatch_stuck_sms() == 1

    row.refresh_from_db()
    assert row.next_attempt_at > now - timedelta(seconds=1)  # not again until overdue
