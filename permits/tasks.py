"""Beat tasks for permits: thin, each calls one service."""

from celery import shared_task

from permits.services import (
    bookings_mark_no_show,
    hajj_requests_flag_overdue,
    waitlist_expire_offers,
)


@shared_task
def expire_waitlist_offers():
    """Unconfirmed waiting-list offers lapse and their seats pass to the next entry."""
    return waitlist_expire_offers()


@shared_task
def mark_no_shows():
    """Permits neither used nor cancelled by the end of their slot bar a new one."""
    return bookings_mark_no_show()


@shared_task
def flag_overdue_hajj_requests():
    """Hajj requests past their processing time are flagged and the pilgrim told, once."""
    return hajj_requests_flag_overdue()
