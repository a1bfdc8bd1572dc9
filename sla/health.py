"""Liveness and readiness for the deployment (and, later, the availability probe)."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from hajjportal.cache import cache_outage
from hajjportal.publish import broker_outage, workers_answering
from portal.services import WORKER_HEARTBEAT_KEY

# Beat asks the worker for a heartbeat every 30 s; two missed beats mean no worker.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=90)
# Before the first heartbeat (a fresh start), the workers are asked directly: a ping on the
# broker, answered in milliseconds by any live worker; its answer is kept a few seconds so a
# load balancer polling /readyz does not broadcast to the broker at every poll.
WORKER_PING_TIMEOUT_SECONDS = 0.3
WORKER_PING_CACHE_KEY = "sla:worker-ping"
# A worker that answered is believed a little longer than one that did not, so the first
# worker to start is seen within a couple of seconds.
WORKER_PING_CACHE_SECONDS = {True: 5, False: 2}


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means not ready
        return False


def check_redis() -> bool:
    try:
        cache.set("sla:readiness-probe", "1", timeout=10)
        return cache.get("sla:readiness-probe") == "1"
    except Exception:  # noqa: BLE001
        return False


def check_worker(*, now=None, redis_up: bool = True) -> bool:
    """A recent heartbeat; before the first one, a worker answering a ping. A stale
    heartbeat still means no worker (the one that beat has stopped), and with Redis down
    (the broker too) no worker can take a task."""
    if not redis_up:
        return False
    try:
        beat = cache.get(WORKER_HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001
        return False
    if beat:
        return (now or timezone.now()) - datetime.fromisoformat(beat) <= WORKER_HEARTBEAT_MAX_AGE
    return _worker_answers_ping()


def _worker_answers_ping() -> bool:
    try:
        known = cache.get(WORKER_PING_CACHE_KEY)
    except Exception:  # noqa: BLE001
        return False
    if known is not None:
        return known == "1"
    answered = workers_answering(timeout=WORKER_PING_TIMEOUT_SECONDS)
    try:
        cache.set(WORKER_PING_CACHE_KEY, "1" if answered else "0",
                  timeout=WORKER_PING_CACHE_SECONDS[answered])
    except Exception:  # noqa: BLE001
        pass
    return answered


def readiness(*, now=None) -> dict[str, bool]:
    redis_up = check_redis()
    return {"database": check_database(), "redis": redis_up,
            "worker": check_worker(now=now, redis_up=redis_up)}


def degraded_answers() -> dict[str, int]:
    """Cache calls answered without Redis and tasks not published, in this process since it
    started (hajjportal/cache.py, hajjportal/publish.py): work done the slow way, not lost."""
    return {"cache": cache_outage.degraded, "broker": broker_outage.degraded}
