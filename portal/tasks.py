from celery import shared_task
from celery.signals import worker_ready

from portal.rule_changes import rule_changes_apply_due
from portal.services import idempotency_keys_purge as purge
from portal.services import worker_heartbeat_record


@shared_task
def worker_heartbeat():
    """Beat runs this on the worker; readiness checks read the timestamp it leaves."""
    worker_heartbeat_record()


@worker_ready.connect
def heartbeat_when_ready(**_signal):
    """A worker beats once as soon as it is ready, so /readyz sees a fresh start at once
    instead of after the beat's first heartbeat (up to 30 s)."""
    worker_heartbeat_record()


@shared_task
def idempotency_keys_purge():
    """Beat runs this hourly: Idempotency-Keys older than the retention are forgotten."""
    purge()


@shared_task
def apply_due_rule_changes():
    """Beat: the scheduled rule changes whose day came, each applied once."""
    return rule_changes_apply_due()
