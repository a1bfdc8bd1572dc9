"""Publishing send tasks in batches, off the request path, for busy web processes.

Publishing one Celery task per SMS costs a web process about a millisecond of CPU (Celery's
message, kombu, a Redis client): a fifth of a permit booking at the rush (bench/booking).
With SMS_PUBLISH_BATCH_SECONDS > 0, the committed SMS's id joins this process's batch
instead, and a background thread publishes one send_sms_batch task per window.

The outbox guarantees are those of the row, unchanged: if the process dies before the batch
is published, the rows are still queued and redispatch_stuck_sms publishes them; a batch
delivered twice finds its rows already claimed.
"""

import os
import threading
import time

from django.conf import settings

from hajjportal.publish import publish as safe_publish

from .tasks import send_sms_batch


class SendBatcher:
    def __init__(self):
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._ids: list[int] = []
        self._pid = None

    def add(self, message_id: int) -> None:
        with self._lock:
            self._ids.append(message_id)
            if self._pid != os.getpid():  # first use in this process, or after a fork
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="sms-publisher", daemon=True).start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(settings.SMS_PUBLISH_BATCH_SECONDS)  # let the window fill
            with self._lock:
                self._wake.clear()
                ids, self._ids = self._ids, []
            if ids:
                publish(ids)


def publish(ids: list[int]) -> None:
    # Broker down: the rows stay queued and redispatch_stuck_sms (beat, 10 s) publishes them.
    safe_publish(send_sms_batch, ids)


batcher = SendBatcher()
