"""Beat tasks of the service desk: thin, each calls one service safe to run twice at once."""

from celery import shared_task

from .services import desk_requests_escalate_overdue


@shared_task
def escalate_overdue_desk_requests():
    """Requests past a deadline climb the escalation chain, one level per step, once."""
    return desk_requests_escalate_overdue()
