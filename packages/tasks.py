from celery import shared_task

from packages.services import contracts_cancel_overdue


@shared_task
def cancel_overdue_bookings():
    """Beat: cancel bookings whose instalment deadline passed (places back, SMS, refund)."""
    contracts_cancel_overdue()
