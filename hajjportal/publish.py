"""Publishing a Celery task after commit, where a lost publish costs a delay and nothing more.

Every caller's work is also found later by a beat task that reads PostgreSQL (each call site
names it), so a broker error is counted (`broker_outage.degraded`, shown by /readyz), logged
at most once a minute, and swallowed: the request whose transaction committed the work never
fails for it. While the broker is known down (CACHE_RETRY_SECONDS after a failure) nothing is
tried: each try holds the request for Celery's publish retries, about half a second.
"""

from hajjportal.cache import Outage

broker_outage = Outage("Celery broker")


def publish(task, *args, **options) -> bool:
    """task.apply_async(args, **options); False when the broker could not take it."""
    if broker_outage.skipping():
        return False
    try:
        task.apply_async(args, **options)
    except Exception as error:  # noqa: BLE001 - kombu, redis and socket errors alike
        broker_outage.failed(error)
        return False
    return True

