"""Beat tasks: thin wrappers over sla.services."""

from celery import shared_task

from .services import probe_record, surveys_offer_due
from .services import rollup_refresh as refresh


@shared_task
def probe():
    return probe_record()


@shared_task
def rollup_refresh():
    return len(refresh())


@shared_task
def offer_due_surveys():
    return surveys_offer_due()
