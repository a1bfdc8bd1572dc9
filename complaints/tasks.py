"""Beat tasks: thin, each calls one service that is safe to run twice at once."""

from celery import shared_task

from .services import complaints_escalate_overdue


@shared_task
def escalate_overdue_complaints():
    return complaints_escalate_overdue()


@shared_task
def generate_monthly_reports():
    from .services import monthly_reports_generate

    return monthly_reports_generate()
