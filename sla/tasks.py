"""Beat tasks: thin wrappers over sla.services."""

from celery import shared_task


@shared_task
def probe():
    from .services import probe_record

    return probe_record()


@shared_task
def rollup_refresh():
    from .services import rollup_refresh as refresh

    return len(refresh())
