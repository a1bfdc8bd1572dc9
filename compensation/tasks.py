"""Beat tasks: thin, each calls one service that is safe to run twice at once."""

from celery import shared_task


@shared_task
def escalate_overdue_claims():
    from .services import claims_escalate_overdue

    return claims_escalate_overdue()


@shared_task
def escalate_overdue_debts():
    from .services import debts_escalate_overdue

    return debts_escalate_overdue()


@shared_task
def release_guarantees():
    from .services import guarantees_release_due

    return guarantees_release_due()
