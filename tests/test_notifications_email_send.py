"""An e-mail is claimed, sent once through EMAIL_BACKEND, and tried again with backoff."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import EmailMessage
from notifications.services import email_retry, email_send
from notifications.tasks import send_email
from tests.factories.notifications import EmailMessageFactory

pytestmark = pytest.mark.django_db


def test_the_email_goes_out_from_the_portal_with_its_message_id(locmem_mail, settings):
    settings.DEFAULT_FROM_EMAIL = "no-reply@portal.example"
    row = EmailMessageFactory(recipient="amina@example.com", language="en",
                              subject="Pilgrim e-services portal: Your permit is issued.")

    email_send(row.pk)

    row.refresh_from_db()
    assert row.status == EmailMessage.Status.SENT
    assert row.attempts == 1 and row.sent_at is not None
    [sent] = mail.outbox
    assert sent.to == ["amina@example.com"]
    assert sent.from_email == "Pilgrim e-services portal <no-reply@portal.example>"
    assert sent.subject == row.subject
    assert sent.body == row.text
    assert sent.alternatives[0][0] == row.html
    assert sent.extra_headers["Message-ID"] == row.message_id
    assert row.message_id.endswith("@portal.example>")


def test_the_sender_is_named_in_the_readers_language(locmem_mail):
    row = EmailMessageFactory(language="ar")

    email_send(row.pk)

    [sent] = mail.outbox
    assert "Pilgrim e-services portal" not in sent.from_email
    assert any("\u0600" <= char <= "\u06ff" for char in sent.from_email)
    # On the wire the name is encoded (RFC 2047) and the address stays readable.
    assert sent.message()["From"].startswith("=?utf-8?")


def test_a_task_delivered_twice_sends_the_email_once(locmem_mail):
    row = EmailMessageFactory()

    send_email(row.pk)
    send_email(row.pk)

    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_a_server_error_puts_the_email_back_in_the_queue_with_backoff(smtp_server, settings):
    settings.SMS_RETRY_BASE_SECONDS = 30
    smtp_server.fail_next(smtp_server.temporary_error(), smtp_server.temporary_error())
    row = EmailMessageFactory()
    now = timezone.now()

    email_send(row.pk, now=now)
    row.refresh_from_db()
    assert row.status == EmailMessage.Status.QUEUED
    assert row.next_attempt_at == now + timedelta(seconds=30)
    assert "SMTPServerDisconnected" in row.last_error

    assert email_send(row.pk, now=now + timedelta(seconds=29)) is None  # not due yet
    email_send(row.pk, now=now + timedelta(seconds=30))
    row.refresh_from_db()
    assert row.next_attempt_at == now + timedelta(seconds=30 + 60)  # doubled

    email_send(row.pk, now=now + timedelta(seconds=90))
    row.refresh_from_db()
    assert row.status == EmailMessage.Status.SENT
    assert row.attempts == 3
    assert len(mail.outbox) == 1


def test_the_retry_is_published_after_the_failure_is_recorded(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.fail_next(smtp_server.temporary_error())
    row = EmailMessageFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        email_send(row.pk)

    assert len(callbacks) == 1


def test_an_address_the_server_refuses_fails_at_once(smtp_server):
    row = EmailMessageFactory(recipient="nobody@example.com")
    smtp_server.fail_next(smtp_server.permanent_refusal(row.recipient))

    email_send(row.pk)

    row.refresh_from_db()
    assert row.status == EmailMessage.Status.FAILED
    assert row.attempts == 1
    assert "550" in row.last_error


def test_the_email_fails_after_its_last_try(smtp_server, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    smtp_server.fail_next(smtp_server.temporary_error(), smtp_server.temporary_error())
    row = EmailMessageFactory()
    now = timezone.now()

    email_send(row.pk, now=now)
    email_send(row.pk, now=now + timedelta(hours=1))

    row.refresh_from_db()
    assert row.status == EmailMessage.Status.FAILED
    assert row.attempts == 2


def test_staff_send_a_failed_email_again_with_the_same_message_id(smtp_server):
    row = EmailMessageFactory(recipient="amina@example.com")
    smtp_server.fail_next(smtp_server.permanent_refusal(row.recipient))
    email_send(row.pk)

    email_retry(message=EmailMessage.objects.get(pk=row.pk))
    email_send(row.pk)

    row.refresh_from_db()
    assert row.status == EmailMessage.Status.SENT
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == row.message_id
