"""Staff see the outbox without the full numbers, and can send failed SMS again."""

import pytest
from django.core import checks
from django.test import Client
from django.urls import reverse

from notifications.models import SmsMessage
from tests.factories.accounts import StaffUserFactory
from tests.factories.notifications import SmsMessageFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_smsmessage_changelist")


@pytest.fixture
def admin_client(plain_http):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_the_outbox_shows_only_the_last_four_digits(admin_client):
    SmsMessageFactory(recipient="+966501234567", about_reference="PERMIT-1448-7")

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert "4567" in content
    assert "501234567" not in content
    assert "PERMIT-1448-7" in content


def test_staff_find_an_sms_by_its_key(admin_client):
    SmsMessageFactory(idempotency_key="permit:42:issued")
    SmsMessageFactory(idempotency_key="permit:43:issued")

    response = admin_client.get(CHANGELIST, {"q": "permit:42:issued"})

    assert list(response.context["cl"].result_list.values_list("idempotency_key", flat=True)) == [
        "permit:42:issued"
    ]


def test_the_detail_page_is_read_only(admin_client):
    message = SmsMessageFactory(recipient="+966501234567")

    url = reverse("admin:notifications_smsmessage_change", args=[message.pk])
    response = admin_client.get(url)

    assert response.status_code == 200
    assert "501234567" not in response.content.decode()
    admin_client.post(url, {"recipient": "+966500000000"})
    message.refresh_from_db()
    assert message.recipient == "+966501234567"


def test_the_retry_action_requeues_only_failed_sms(
    admin_client, django_capture_on_commit_callbacks
):
    failed = SmsMessageFactory(status=SmsMessage.Status.FAILED, attempts=8)
    sent = SmsMessageFactory(status=SmsMessage.Status.SENT)

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            CHANGELIST,
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == SmsMessage.Status.QUEUED
    assert sent.status == SmsMessage.Status.SENT
    assert len(callbacks) == 1
    content = response.content.decode()
    assert "1 SMS was put back in the queue." in content
    assert "1 SMS was skipped" in content


def test_a_misconfigured_gateway_fails_the_system_check(settings):
    settings.SMS_BACKEND = "notifications.backends.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = ""

    errors = checks.run_checks()

    assert "notifications.E001" in [error.id for error in errors]
