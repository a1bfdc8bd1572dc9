"""Batched publishing (SMS_PUBLISH_BATCH_SECONDS > 0): still never lost, never sent twice.

Busy web processes hand committed SMS ids to a background thread that publishes one task
per window (notifications/dispatch.py). Real worker, real Redis, the fake gateway.
"""

import time

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy

from notifications import dispatch
from notifications.models import SmsMessage
from notifications.services import sms_queue

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TEXT = gettext_lazy("Ensure this value is less than or equal to %(limit_value)s.")


def queue_in_its_own_transaction(number):
    with transaction.atomic():
        return sms_queue(to="+966501234567", message=TEXT, context={"limit_value": number},
                         language="en", idempotency_key=f"batched:{number}")


def wait_until_sent(messages, timeout=30.0):
    deadline = time.monotonic() + timeout
    ids = [message.pk for message in messages]
    while time.monotonic() < deadline:
        if SmsMessage.objects.filter(pk__in=ids, status=SmsMessage.Status.SENT).count() == len(ids):
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for every SMS to be sent")


def test_sms_committed_in_one_window_are_each_sent_once(settings, celery_worker_process,
                                                        sms_gateway):
    settings.SMS_PUBLISH_BATCH_SECONDS = 0.05

    messages = [queue_in_its_own_transaction(number) for number in range(5)]

    delivered = sms_gateway.wait_for_deliveries(5)
    wait_until_sent(messages)
    assert sorted(row["text"][-2:] for row in delivered) == [f"{n}." for n in range(5)]
    assert len(sms_gateway.requests) == 5


def test_a_batch_published_twice_sends_nothing_twice(settings, celery_worker_process,
                                                     sms_gateway):
    settings.SMS_PUBLISH_BATCH_SECONDS = 0.05
    messages = [queue_in_its_own_transaction(number) for number in range(3)]

    dispatch.publish([message.pk for message in messages])  # as if redelivered

    sms_gateway.wait_for_deliveries(3)
    wait_until_sent(messages)
    time.sleep(1)  # a second send still in flight would reach the gateway by now
    assert len(sms_gateway.requests) == 3
