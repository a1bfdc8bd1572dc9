from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import EService, IdempotencyKey, MaintenanceWindow

WORKER_HEARTBEAT_KEY = "portal:worker-heartbeat"


def worker_heartbeat_record(*, now=None) -> None:
    cache.set(WORKER_HEARTBEAT_KEY, (now or timezone.now()).isoformat(), timeout=None)


@transaction.atomic
def maintenance_window_announce(
    *,
    starts_at: datetime,
    ends_at: datetime,
    messages: dict[str, str],
    service_codes: list[str] | None = None,
) -> MaintenanceWindow:
    """Announce a planned suspension; `messages` maps language codes to the pilgrims' text."""
    window = MaintenanceWindow(starts_at=starts_at, ends_at=ends_at, is_announced=True)
    for language, message in messages.items():
        window.set_current_language(language)
        window.message = message
    window.full_clean()
    window.save()
    if service_codes:
        window.services.set(EService.objects.filter(code__in=service_codes))
    return window


PURGE_BATCH = 10_000  # rows per DELETE: short transactions beside the rush's claims


def idempotency_keys_purge(*, now=None) -> int:
    """Forget the Idempotency-Keys claimed longer ago than the retention; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IDEMPOTENCY_RETENTION_HOURS)
    old = IdempotencyKey.objects.filter(claimed_at__lt=cutoff)
    deleted = 0
    while batch := list(old.values_list("pk", flat=True)[:PURGE_BATCH]):
        deleted += IdempotencyKey.objects.filter(pk__in=batch).delete()[0]
    return deleted
