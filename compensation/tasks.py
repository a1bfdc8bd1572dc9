"""Beat tasks: thin, each calls one service that is safe to run twice at once."""

from celery import shared_task


@shared_task
def escalate_overdue_claims():
    from .services import claims_escalate_overdue

    return claims_escalate_overdue()
