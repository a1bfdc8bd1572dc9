"""/readyz is ready as soon as a worker answers: before the first heartbeat (beat asks for
one every 30 s) the workers are pinged on the broker, briefly, and the answer is kept a few
seconds so a load balancer's polling does not flood the broker."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.services import WORKER_HEARTBEAT_KEY, worker_heartbeat_record
from sla import health


@pytest.fixture
def pings(monkeypatch):
    """Count the pings /readyz sends, answering them as `answer` says."""
    sent = {"count": 0, "answer": False}

    def ping(*, timeout):
        sent["count"] += 1
        assert timeout < 1
        return sent["answer"]

    monkeypatch.setattr(health, "workers_answering", ping)
    return sent


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_ready_as_soon_as_a_started_worker_answers_before_any_heartbeat(
    client, start_celery_worker
):
    start_celery_worker()
    assert cache.get(WORKER_HEARTBEAT_KEY) is None

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True, "worker": True}


@pytest.mark.django_db
def test_without_a_worker_the_ping_gives_up_within_a_second(client):
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] is False


@pytest.mark.django_db
def test_a_polling_load_balancer_pings_the_workers_once_in_a_few_seconds(client, pings):
    pings["answer"] = True
    answers = [client.get("/readyz").status_code for _ in range(5)]
    assert answers == [200] * 5
    assert pings["count"] == 1


@pytest.mark.django_db
def test_no_answer_is_kept_only_briefly(client, pings):
    assert client.get("/readyz").status_code == 503
    pings["answer"] = True
    assert client.get("/readyz").status_code == 503  # the "no" is still kept
    cache.delete(health.WORKER_PING_CACHE_KEY)  # as when its two seconds run out
    assert client.get("/readyz").status_code == 200
    assert health.WORKER_PING_CACHE_SECONDS[False] <= 2
    assert pings["count"] == 2


@pytest.mark.django_db
def test_a_recent_heartbeat_needs_no_ping(client, pings):
    worker_heartbeat_record()
    assert client.get("/readyz").status_code == 200
    assert pings["count"] == 0


@pytest.mark.django_db
def test_a_stale_heartbeat_is_a_stopped_worker_whatever_a_ping_would_say(client, pings):
    pings["answer"] = True
    worker_heartbeat_record(now=timezone.now() - timedelta(minutes=5))
    assert client.get("/readyz").json()["checks"]["worker"] is False
    assert pings["count"] == 0


@pytest.mark.django_db
def test_with_redis_down_readiness_says_redis_and_pings_no_one(client, pings, redis_down):
    pings["answer"] = True
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": False, "worker": False}
    assert pings["count"] == 0
