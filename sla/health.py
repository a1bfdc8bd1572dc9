"""Liveness and readiness for the deployment (and, later, the availability probe)."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from hajjportal.cache import cache_outage
from hajjportal.publish import broker_outage
from portal.services import WORKER_HEARTBEAT_KEY

# Beat asks the worker for a heartbeat every 30 s; two missed beats mean no worker.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=90)


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
    """A recent heartbeat. A worker records one as soon as it is ready (portal/tasks.py), so a
    fresh start is ready without waiting for the beat's first; a stale one means the worker
    that beat has stopped; with Redis down (the broker too) no worker can take a task."""
    if not redis_up:
        return False
    try:
        beat = cache.get(WORKER_HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001
        return False
    if not beat:
        return False
    return (now or timezone.now()) - datetime.fromisoformat(beat) <= WORKER_HEARTBEAT_MAX_AGE


def readiness(*, now=None) -> dict[str, bool]:
    redis_up = check_redis()
    return {"database": check_database(), "redis": redis_up,
            "worker": check_worker(now=now, redis_up=redis_up)}


def degraded_answers() -> dict[str, int]:
    """Cache calls answered without Redis and tasks not published, in this process since it
    started (hajjportal/cache.py, hajjportal/publish.py): work done the slow way, not lost."""
    return {"cache": cache_outage.degraded, "broker": broker_outage.degraded}
