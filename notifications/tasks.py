import logging

from celery import shared_task

from notifications.services import (
    email_redispatch_due,
    email_send,
    sms_redispatch_due,
    sms_send,
)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_sms(message_id):
    """Send one outbox row. Retries are the row's own backoff (the service re-publishes),
    so a lost or duplicated task message can neither lose nor double an SMS."""
    # Imported here: notifications.services publishes these tasks (a real import cycle).
    from notifications.services import sms_send

    sms_send(message_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_sms_batch(message_ids):
    """Send several outbox rows (notifications/dispatch.py), each as send_sms would.

    One row's unexpected error does not stop the others; that row stays queued (or in a
    lease that expires) and the beat's redispatch_stuck_sms sends it later."""
    for message_id in message_ids:
        try:
            sms_send(message_id)
        except Exception:
            logging.getLogger(__name__).exception("SMS %s: send failed", message_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_email(message_id):
    """Send one e-mail outbox row (the same discipline as send_sms)."""
    email_send(message_id)


@shared_task
def redispatch_stuck_sms():
    """Beat runs this: re-publishes queued rows nobody picked up, frees expired leases, for
    the SMS and the e-mail outbox both; returns how many rows it published."""
    return sms_redispatch_due() + email_redispatch_due()
