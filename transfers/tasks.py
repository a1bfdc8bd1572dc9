from celery import shared_task


@shared_task
def match_open():
    from .services import match_all

    return match_all()


@shared_task
def lapse_overdue_matches():
    from .services import matches_lapse_overdue

    return matches_lapse_overdue()
