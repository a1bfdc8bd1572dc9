from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "portal:worker-heartbeat"


def worker_heartbeat_record(*, now=None) -> None:
    cache.set(WORKER_HEARTBEAT_KEY, (now or timezone.now()).isoformat(), timeout=None)
