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


@shared_task
def rollup_rebuild_season(year: int):
    from .selectors import season_days
    from .services import rollup_rebuild

    first_day, last_day = season_days(year)
    return rollup_rebuild(first_day=first_day, last_day=last_day)
