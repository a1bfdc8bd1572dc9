"""Beat tasks: thin, each calls one service that is safe to run twice at once."""

from celery import shared_task


@shared_task
def escalate_overdue_complaints():
    from .services import complaints_escalate_overdue

    return complaints_escalate_overdue()
