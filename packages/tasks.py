from celery import shared_task

from packages.refunding import (
    refund_part_send,
    refund_parts_look_up_pending,
    refund_parts_redispatch_due,
)
from packages.services import contracts_cancel_overdue, refund_rule_change_tell


@shared_task
def cancel_overdue_bookings():
    """Beat: cancel bookings whose instalment deadline passed (places back, SMS, refund)."""
    contracts_cancel_overdue()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_refund_part(part_id):
    """Send one refund part to the gateway. Retries are the part's own backoff, and a part
    is claimed before it is sent, so a lost or duplicated task can neither lose nor double
    a refund."""
    refund_part_send(part_id)


@shared_task
def redispatch_refund_parts():
    """Beat: publish queued parts nobody picked up, free the leases of lost workers."""
    return refund_parts_redispatch_due()


@shared_task
def look_up_pending_refund_parts():
    """Beat: settle from the gateway's records the parts whose webhook never came."""
    return refund_parts_look_up_pending()


@shared_task
def tell_refund_rule_change(*, rule_id, change_id, old_rule, reason):
    """After a refund rule's change commits: the holders whose refund it changed, one SMS
    each, one contract a transaction (services.refund_rule_change_tell)."""
    return refund_rule_change_tell(rule_id=rule_id, change_id=change_id, old_rule=old_rule,
                                   reason=reason)
