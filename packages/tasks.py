from celery import shared_task


@shared_task
def cancel_overdue_bookings():
    """Beat: cancel bookings whose instalment deadline passed (places back, SMS, refund)."""
    from packages.services import contracts_cancel_overdue

    contracts_cancel_overdue()
