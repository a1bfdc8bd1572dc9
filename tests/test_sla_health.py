"""/healthz says the process lives; /readyz says the database, Redis and a worker answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.services import worker_heartbeat_record


def test_liveness_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_not_ready_without_a_worker_heartbeat(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": True, "worker": False}


@pytest.mark.django_db
def test_ready_when_a_worker_beat_recently(client):
    worker_heartbeat_record()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


@pytest.mark.django_db
def test_a_stale_heartbeat_means_no_worker(client):
    worker_heartbeat_record(now=timezone.now() - timedelta(minutes=5))
    assert client.get("/readyz").json()["checks"]["worker"] is False


@pytest.mark.django_db
def test_with_redis_down_liveness_stays_up_and_readiness_says_redis(client, redis_down):
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": False, "worker": False}
    assert response.json()["degraded"]["cache"] > 0  # this process answered without Redis
