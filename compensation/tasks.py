"""Beat tasks: thin, each calls one service that is safe to run twice at once."""

from celery import shared_task

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
