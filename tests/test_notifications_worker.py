"""With real worker processes and Redis: an SMS is never lost and never sent twice."""

import subprocess
import sys
import threading
import time

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext_lazy

from notifications.backends import get_backend
from notifications.models import SmsMessage
from notifications.services import sms_queue, sms_send
from notifications.tasks import redispatch_stuck_sms, send_sms
from tests.factories.notifications import SmsMessageFactory
from tests.fixtures.worker import django_subprocess_env
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PERMIT_ISSUED = gettext_lazy("Ensure this value is less than or equal to %(limit_value)s.")


def status_of(message):
    return SmsMessage.objects.values_list("status", flat=True).get(pk=message.pk)


def queue_is_empty():
    return redis.Redis.from_url(settings.REDIS_URL).llen("celery") == 0


def test_a_worker_sends_the_sms_once_the_change_commits(celery_worker_process, sms_gateway):
    with transaction.atomic():
        message = sms_queue(
            to="+966501234567",
            message=PERMIT_ISSUED,
            context={"limit_value": 7},
            language="en",
            idempotency_key="permit:1:issued",
        )

    [delivered] = sms_gateway.wait_for_deliveries(1)
    assert delivered["text"] == "Ensure this value is less than or equal to 7."
    wait_until(lambda: status_of(message) == SmsMessage.Status.SENT, what="status sent")
    assert len(sms_gateway.requests) == 1


def test_after_two_gateway_errors_the_sms_is_sent_once(start_celery_worker, sms_gateway):
    start_celery_worker(SMS_RETRY_BASE_SECONDS=0.3)
    sms_gateway.fail_next(2)

    with transaction.atomic():
        message = sms_queue(
            to="+966501234567", message=PERMIT_ISSUED, context={"limit_value": 1},
            language="en", idempotency_key="permit:2:issued",
        )  # fmt: skip

    sms_gateway.wait_for_deliveries(1, timeout=30)
    wait_until(lambda: status_of(message) == SmsMessage.Status.SENT, what="status sent")
    message.refresh_from_db()
    assert message.attempts == 3
    assert len(sms_gateway.requests) == 3
    assert len(sms_gateway.delivered) == 1


def test_one_sms_dispatched_many_times_to_two_workers_is_sent_once(
    start_celery_worker, sms_gateway
):
    start_celery_worker()
    start_celery_worker()
    sms_gateway.delay_seconds = 0.3  # the other worker tries while the first one sends
    message = SmsMessageFactory()

    for _ in range(20):
        send_sms.delay(message.pk)

    sms_gateway.wait_for_deliveries(1)
    wait_until(queue_is_empty, what="both workers to drain the queue")
    wait_until(lambda: status_of(message) == SmsMessage.Status.SENT, what="status sent")
    time.sleep(1)  # any send still in flight would reach the gateway by now
    assert len(sms_gateway.requests) == 1


def race(send, *, threads=6):
    """Run `send()` in several threads at once, each with its own database connection."""
    start = threading.Barrier(threads)
    results = []

    def run():
        try:
            start.wait(timeout=10)
            results.append(send())
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert len(results) == threads
    return results


def test_without_the_claim_the_race_would_reach_the_gateway_several_times(sms_gateway):
    # Proves the next test can see a double send: the backend alone guards nothing.
    sms_gateway.delay_seconds = 0.2
    message = SmsMessageFactory()

    race(lambda: get_backend().send(SmsMessage.objects.get(pk=message.pk)))

    assert len(sms_gateway.requests) == 6


def test_concurrent_sends_on_separate_connections_reach_the_gateway_once(sms_gateway):
    sms_gateway.delay_seconds = 0.2
    message = SmsMessageFactory()

    results = race(lambda: sms_send(message.pk))

    assert sum(result is not None for result in results) == 1
    assert len(sms_gateway.requests) == 1


QUEUE_IN_CHILD = """
import django
django.setup()
from django.db import transaction
from django.utils.translation import gettext_lazy
from notifications.services import sms_queue
with transaction.atomic():
    row = sms_queue(to="+966501234567", message=gettext_lazy("Yes"), language="en",
                    idempotency_key="permit:3:issued")
print(row.pk)
"""


def queue_with_broker_down(unused_port):
    env = django_subprocess_env(REDIS_URL=f"redis://127.0.0.1:{unused_port}/0")
    child = subprocess.run(
        [sys.executable, "-c", QUEUE_IN_CHILD],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    assert "Celery broker unavailable" in child.stderr
    return SmsMessage.objects.get(pk=int(child.stdout.strip()))


def test_an_sms_committed_while_the_broker_is_down_is_sent_by_the_redispatcher(
    celery_worker_process, sms_gateway, settings, unused_port
):
    message = queue_with_broker_down(unused_port)
    time.sleep(1)
    assert status_of(message) == SmsMessage.Status.QUEUED
    assert sms_gateway.requests == []

    settings.SMS_REDISPATCH_AFTER_SECONDS = 0
    assert redispatch_stuck_sms() == 1

    sms_gateway.wait_for_deliveries(1)
    wait_until(lambda: status_of(message) == SmsMessage.Status.SENT, what="status sent")


def test_the_periodic_redispatch_runs_on_a_worker(start_celery_worker, sms_gateway, unused_port):
    message = queue_with_broker_down(unused_port)
    start_celery_worker(SMS_REDISPATCH_AFTER_SECONDS=0)

    redispatch_stuck_sms.delay()

    sms_gateway.wait_for_deliveries(1)
    wait_until(lambda: status_of(message) == SmsMessage.Status.SENT, what="status sent")
    assert len(sms_gateway.requests) == 1


def kill_a_worker_the_moment_the_gateway_accepts(start_celery_worker, sms_gateway, settings):
    """A gateway that does not deduplicate accepts the SMS; the worker is killed (SIGKILL)
    before the answer reaches it; a new worker and the redispatcher take over."""
    sms_gateway.deduplicate = False
    sms_gateway.hold_answers()
    # The doomed worker waits long for the answer, so the kill, not a timeout, ends it.
    doomed = start_celery_worker(SMS_GATEWAY_TIMEOUT=60)
    message = SmsMessageFactory()
    send_sms.delay(message.pk)
    assert sms_gateway.accepted.wait(timeout=30)
    doomed.kill()
    sms_gateway.release()
    assert status_of(message) == SmsMessage.Status.SENDING  # accepted, never recorded

    start_celery_worker()
    # This process is the redispatcher: its lease is the default fixture's timeout, shortened
    # (one second a request, no margin) so the test waits two seconds, not twenty-five.
    settings.SMS_GATEWAY_TIMEOUT = 1
    settings.SMS_SENDING_LEASE_MARGIN_SECONDS = 0
    time.sleep(2.1)
    redispatch_stuck_sms()  # releases the expired lease, publishes the row to the new worker
    wait_until(lambda: status_of(message) == SmsMessage.Status.SENT, what="status sent")
    time.sleep(1)  # a second send in flight would reach the gateway by now
    return message


def test_a_worker_killed_after_the_gateway_accepted_the_sms_does_not_send_it_twice(
    start_celery_worker, sms_gateway, settings
):
    message = kill_a_worker_the_moment_the_gateway_accepts(
        start_celery_worker, sms_gateway, settings
    )

    assert len(sms_gateway.delivered) == 1
    assert len(sms_gateway.requests) == 1
    assert [lookup["key"] for lookup in sms_gateway.lookups] == [message.idempotency_key]
    message.refresh_from_db()
    assert message.provider_message_id == sms_gateway._ids_by_key[message.idempotency_key]


def test_without_the_status_lookup_the_killed_workers_sms_is_sent_twice(
    start_celery_worker, sms_gateway, settings
):
    # Proves the test above can see the double send.
    settings.SMS_GATEWAY_LOOKUP = False

    kill_a_worker_the_moment_the_gateway_accepts(start_celery_worker, sms_gateway, settings)

    assert len(sms_gateway.delivered) == 2
    assert sms_gateway.lookups == []


@pytest.fixture
def unused_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
