from celery import shared_task


@shared_task
def worker_heartbeat():
    """Beat runs this on the worker; readiness checks read the timestamp it leaves."""
    from portal.services import worker_heartbeat_record

    worker_heartbeat_record()
