from celery import shared_task

from .services import lapse_at_season_close as _lapse_at_season_close
from .services import match_all, matches_lapse_overdue


@shared_task
def match_open():
    return match_all()


@shared_task
def lapse_overdue_matches():
    return matches_lapse_overdue()


@shared_task
def lapse_at_season_close():
    return _lapse_at_season_close()
