from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_sms(message_id):
    """Send one outbox row. Retries are the row's own backoff (the service re-publishes),
    so a lost or duplicated task message can neither lose nor double an SMS."""
    from notifications.services import sms_send

    sms_send(message_id)


@shared_task
def redispatch_stuck_sms():
    """Beat runs this: re-publishes queued rows nobody picked up, frees expired leases."""
    from notifications.services import sms_redispatch_due

    return sms_redispatch_due()
