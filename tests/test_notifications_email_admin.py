"""Staff see the e-mail outbox with masked addresses, filter the failed rows, and send them
again (same key, same Message-ID)."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import EmailMessage
from tests.factories.accounts import StaffUserFactory
from tests.factories.notifications import EmailMessageFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_emailmessage_changelist")


@pytest.fixture
def admin_client(plain_http):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_failed_emails_are_listed_with_masked_addresses(admin_client):
    EmailMessageFactory(recipient="amina.hassan@example.com", status=EmailMessage.Status.FAILED,
                        last_error="SMTPRecipientsRefused: 550", about_reference="C-1448-7")
    EmailMessageFactory(status=EmailMessage.Status.SENT)

    response = admin_client.get(CHANGELIST, {"status__exact": "failed"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1
    content = response.content.decode()
    assert "a***@example.com" in content
    assert "amina.hassan" not in content
    assert "C-1448-7" in content


def test_the_resend_action_requeues_only_failed_emails(
    admin_client, django_capture_on_commit_callbacks
):
    failed = EmailMessageFactory(status=EmailMessage.Status.FAILED, attempts=8)
    sent = EmailMessageFactory(status=EmailMessage.Status.SENT)

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            CHANGELIST,
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == EmailMessage.Status.QUEUED
    assert failed.attempts == 0
    assert sent.status == EmailMessage.Status.SENT
    assert len(callbacks) == 1
    content = response.content.decode()
    assert "1 e-mail was put back in the queue." in content
    assert "1 e-mail was skipped" in content
