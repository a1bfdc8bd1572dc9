"""Beat tasks of the help desk: thin, each calls one service safe to run twice at once."""

from celery import shared_task


@shared_task
def mark_cases_at_risk():
    """Cases about to miss their next deadline are marked and their people told, once."""
    from .at_risk import cases_at_risk_sweep

    return cases_at_risk_sweep()
