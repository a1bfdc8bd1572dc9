"""Redis down costs a cold cache, never a 500: every cache call degrades to a miss or a no-op,
counted, logged once a minute, and visible to a limit that must fail closed.

The portal's cache is pointed at a port where nothing listens; the stock backend, pointed
the same way, shows the 500 the degrading one prevents.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client

from hajjportal.cache import DegradingRedisCache, cache_failures, cache_outage
from tests.factories.accounts import PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

QUOTE = "/api/v1/refunds/quote/"
QUOTE_BODY = {"season": 1445, "contract_value": "10000.00", "clients": 1,
              "cancel_date": "2024-04-24", "permit_state": "printed"}


@pytest.fixture
def dead_redis_url(unused_port):
    return f"redis://127.0.0.1:{unused_port}/0"


@pytest.fixture
def redis_down(settings, dead_redis_url):
    """Point the portal's cache at nothing; no back-off, so every call really tries Redis."""

    def down(backend="hajjportal.cache.DegradingRedisCache"):
        settings.CACHE_RETRY_SECONDS = 0
        settings.CACHES = {"default": {**settings.CACHES["default"], "BACKEND": backend,
                                       "LOCATION": dead_redis_url}}

    return down


@pytest.fixture
def unused_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def signed_in(app_login):
    """An app session and a web session, made while Redis is up (warm in the cache)."""
    user = PilgrimFactory()
    web = Client()
    web.force_login(user)
    return Client(HTTP_X_SESSION_TOKEN=app_login(user)), web


def visit(app, web):
    return [app.get("/api/v1/permits/bookings/").status_code,
            app.get("/api/v1/accounts/profile/").status_code,
            web.get("/").status_code,
            web.get("/permits/").status_code]


def test_signed_in_calls_and_pages_answer_while_redis_is_down(signed_in, redis_down):
    app, web = signed_in
    up = visit(app, web)
    redis_down()

    assert visit(app, web) == up
    assert set(up) == {200}


def test_control_the_stock_backend_answers_500_while_redis_is_down(signed_in, redis_down):
    app, web = signed_in
    app.raise_request_exception = web.raise_request_exception = False
    redis_down(backend="hajjportal.cache.RedisCache")

    assert set(visit(app, web)) == {500}


def test_a_read_throttle_fails_open(client, redis_down):
    from tests.factories.packages import seeded_season

    seeded_season(1445)
    redis_down()
    answers = {client.post(QUOTE, QUOTE_BODY, content_type="application/json").status_code
               for _ in range(35)}  # above its 30 a minute: the count is lost with Redis

    assert answers == {200}


def test_each_call_degrades_to_a_miss_or_a_no_op(settings, dead_redis_url):
    settings.CACHE_RETRY_SECONDS = 0
    dead = DegradingRedisCache(dead_redis_url, {})
    before = cache_outage.degraded

    assert dead.get("k") is None
    assert dead.get("k", "default") == "default"
    assert dead.get_many(["k", "j"]) == {}
    assert dead.add("k", 1) is False
    assert dead.set("k", 1) is None
    assert dead.get_or_set("k", 7) == 7
    assert "k" not in dead
    assert dead.delete("k") is False
    with pytest.raises(ValueError):
        dead.incr("k")  # as for a key that is not there
    assert cache_outage.degraded - before >= 9


def test_a_caller_can_see_that_its_cache_calls_were_degraded(settings, dead_redis_url):
    settings.CACHE_RETRY_SECONDS = 0
    dead = DegradingRedisCache(dead_redis_url, {})
    with cache_failures() as failures:
        cache.set("k", 1)
    assert failures.seen is False
    with cache_failures() as failures:
        dead.get("k")
    assert failures.seen is True


def test_an_outage_is_logged_once_a_minute_not_once_a_call(settings, dead_redis_url, caplog):
    settings.CACHE_RETRY_SECONDS = 0
    dead = DegradingRedisCache(dead_redis_url, {})
    cache_outage._log_at = 0.0  # as if no outage had been reported in the last minute
    with caplog.at_level(logging.WARNING, logger="hajjportal.cache"):
        for _ in range(20):
            dead.get("k")

    assert len(caplog.records) == 1
    assert "Redis cache unavailable" in caplog.records[0].getMessage()


def test_after_a_failure_redis_is_left_alone_then_asked_again(settings, dead_redis_url):
    settings.CACHE_RETRY_SECONDS = 0.3
    cache.set("k", "v")
    DegradingRedisCache(dead_redis_url, {}).get("k")

    assert cache.get("k") is None  # a live Redis, not asked during the back-off
    time.sleep(0.35)
    assert cache.get("k") == "v"
