"""/readyz is ready as soon as a worker is: a worker records a heartbeat when it is ready,
before the beat asks for its first (every 30 s); a stale heartbeat still means no worker."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.services import WORKER_HEARTBEAT_KEY, worker_heartbeat_record


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_ready_as_soon_as_a_started_worker_is_ready_without_a_beat(client, start_celery_worker):
    cache.delete(WORKER_HEARTBEAT_KEY)
    assert client.get("/readyz").status_code == 503

    start_celery_worker()  # no beat: only its own start can have beaten

    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True, "worker": True}


@pytest.mark.django_db
def test_a_stale_heartbeat_is_a_stopped_worker(client):
    worker_heartbeat_record(now=timezone.now() - timedelta(minutes=5))
    assert client.get("/readyz").json()["checks"]["worker"] is False
