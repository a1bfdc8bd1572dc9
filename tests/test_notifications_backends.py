"""The development backend writes the SMS down; a misconfigured gateway says what is wrong."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from notifications.backends import get_backend
from notifications.models import SmsMessage
from notifications.services import sms_send
from tests.factories.notifications import SmsMessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.SMS_BACKEND = "notifications.backends.FileBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    return settings.SMS_FILE_PATH


def test_the_file_backend_appends_one_json_line_per_sms(file_backend):
    first = SmsMessageFactory(recipient="+966501234567", language="ar", text="تم إصدار التصريح")
    second = SmsMessageFactory()

    sms_send(first.pk)
    sms_send(second.pk)

    lines = [json.loads(line) for line in file_backend.read_text().splitlines()]
    assert [line["idempotency_key"] for line in lines] == [
        first.idempotency_key,
        second.idempotency_key,
    ]
    assert lines[0]["to"] == "+966501234567"
    assert lines[0]["text"] == "تم إصدار التصريح"
    first.refresh_from_db()
    assert first.status == SmsMessage.Status.SENT
    assert first.provider_message_id == lines[0]["id"]


def test_the_file_backend_logs_only_the_last_four_digits(file_backend, caplog):
    message = SmsMessageFactory(recipient="+966501234567")

    with caplog.at_level(logging.INFO, logger="notifications.backends"):
        sms_send(message.pk)

    assert "4567" in caplog.text
    assert "501234567" not in caplog.text


def test_a_gateway_without_url_or_token_is_a_clear_configuration_error(settings):
    settings.SMS_BACKEND = "notifications.backends.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = ""
    settings.SMS_GATEWAY_TOKEN = ""

    with pytest.raises(ImproperlyConfigured, match="SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN"):
        get_backend()


def test_a_gateway_url_must_be_http(settings):
    settings.SMS_BACKEND = "notifications.backends.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = "gateway.example/messages"
    settings.SMS_GATEWAY_TOKEN = "token"

    with pytest.raises(ImproperlyConfigured, match="http"):
        get_backend()


def test_an_unknown_backend_is_a_clear_configuration_error(settings):
    settings.SMS_BACKEND = "notifications.backends.NoSuchBackend"

    with pytest.raises(ImproperlyConfigured, match="NoSuchBackend"):
        get_backend()


def test_a_configuration_error_costs_the_sms_no_attempt(settings):
    settings.SMS_BACKEND = "notifications.backends.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = ""
    message = SmsMessageFactory()

    with pytest.raises(ImproperlyConfigured):
        sms_send(message.pk)

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.attempts == 0
