"""Beat tasks for permits: thin, each calls one service."""

from celery import shared_task


@shared_task
def expire_waitlist_offers():
    """Unconfirmed waiting-list offers lapse and their seats pass to the next entry."""
    from permits.services import waitlist_expire_offers

    return waitlist_expire_offers()


@shared_task
def mark_no_shows():
    """Permits neither used nor cancelled by the end of their slot bar a new one."""
    from permits.services import bookings_mark_no_show

    return bookings_mark_no_show()
