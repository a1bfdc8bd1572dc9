"""Beat tasks: thin, each calls one service that is safe to run twice at once."""

from celery import shared_task

from .payouts import payout_send, payouts_look_up_pending, payouts_redispatch_due
from .services import claims_escalate_overdue, debts_escalate_overdue, guarantees_release_due


@shared_task
def escalate_overdue_claims():
    return claims_escalate_overdue()


@shared_task
def escalate_overdue_debts():
    return debts_escalate_overdue()


@shared_task
def release_guarantees():
    return guarantees_release_due()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_payout(payout_id):
    """Send one payout to the gateway (claimed before it is sent: a lost or duplicated task
    can neither lose nor double it)."""
    payout_send(payout_id)


@shared_task
def redispatch_payouts():
    """Beat: publish queued payouts nobody picked up, free the leases of lost workers."""
    return payouts_redispatch_due()


@shared_task
def look_up_pending_payouts():
    """Beat: settle from the gateway's records the payouts whose webhook never came."""
    return payouts_look_up_pending()
