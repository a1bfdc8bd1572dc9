"""Beat tasks for consent: thin, each calls one service."""

from celery import shared_task

from consent.services import lapse_due


@shared_task
def lapse_invitations():
    """Invitations not answered in time lapse and their held seats go back."""
    return lapse_due()
