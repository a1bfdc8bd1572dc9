"""Django's Redis cache: one redis.Redis per connection pool, and a Redis outage that degrades.

The stock client builds a new redis.Redis for every call, and each one fills a dictionary of
about a hundred response callbacks: a quarter of a session read's CPU on every API call
(bench/booking). redis.Redis is thread-safe over its pool, so one per pool is enough.

`DegradingRedisCache` (the portal's cache, settings.CACHE_DEGRADE) turns a Redis error into
a miss or a no-op, so that Redis down costs what a cold cache costs and never a 500: sessions
are read from PostgreSQL, DRF throttles and other counters start from nothing (fail open).
Each degraded answer is counted (`cache_outage.degraded`, shown by /readyz) and logged at most
once a minute. After an error Redis is not asked again for CACHE_RETRY_SECONDS: a host that
is gone answers by timeout, not by refusal, and a request makes several cache calls.

A limit that must fail closed (the login limits) asks explicitly:

    with cache_failures() as failures:
        ...  # its cache calls
    if failures.seen:
        ...  # refuse: the limit could not be checked

`failures.seen` is true when any cache call inside the block got a degraded answer.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache.backends import redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# At most one log line per dependency per this many seconds while it stays down.
LOG_EVERY_SECONDS = 60


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Reads may pick a replica at random: one client per server, as one pool per server.
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index],
                                                               **self._pool_options)
            pool = self._pools[index]
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# --- Degrading ------------------------------------------------------------------------------


class Outage:
    """One dependency's failures in this process: counted, logged sparingly, and briefly
    not retried. Also used by hajjportal.publish for the Celery broker."""

    def __init__(self, name: str):
        self.name = name
        self.degraded = 0  # answers given without the dependency since the process started
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._log_at = 0.0
        self._unlogged = 0

    def skipping(self) -> bool:
        """True while a recent failure says the dependency is down: answer without it."""
        if time.monotonic() < self._retry_at:
            self.count()
            return True
        return False

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._retry_at = now + settings.CACHE_RETRY_SECONDS
            log = now >= self._log_at
            if log:
                self._log_at = now + LOG_EVERY_SECONDS
                unlogged, self._unlogged = self._unlogged, 0
            else:
                self._unlogged += 1
        self.count()
        if log:
            logger.warning("%s unavailable, degrading (%s: %s); %d failures not logged "
                           "since the last report", self.name, type(error).__name__, error,
                           unlogged)

    def count(self) -> None:
        with self._lock:
            self.degraded += 1


class _Failures:
    seen = False


_failures: contextvars.ContextVar[_Failures | None] = contextvars.ContextVar(
    "cache_failures", default=None)

cache_outage = Outage("Redis cache")


@contextmanager
def cache_failures():
    """Record whether a cache call inside the block was answered without Redis."""
    failures = _Failures()
    token = _failures.set(failures)
    try:
        yield failures
    finally:
        _failures.reset(token)


def _degrades(answer):
    """Call the method; on a Redis error (or while Redis is known down) return
    answer(args, kwargs): the miss or no-op result of that method."""

    def decorate(method):
        @wraps(method)
        def call(self, *args, **kwargs):
            if not cache_outage.skipping():
                try:
                    return method(self, *args, **kwargs)
                except RedisError as error:
                    cache_outage.failed(error)
            failures = _failures.get()
            if failures is not None:
                failures.seen = True
            return answer(args, kwargs)

        return call

    return decorate


def _default(args, kwargs):
    return args[1] if len(args) > 1 else kwargs.get("default")


def _missing_key(args, kwargs):
    # What incr says of a key that is not there: callers already handle it as a miss.
    raise ValueError(f"Key {args[0]!r} not found (Redis unavailable).")


class DegradingRedisCache(RedisCache):
    get = _degrades(_default)(RedisCache.get)
    get_many = _degrades(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _degrades(lambda args, kwargs: False)(RedisCache.has_key)
    add = _degrades(lambda args, kwargs: False)(RedisCache.add)
    set = _degrades(lambda args, kwargs: None)(RedisCache.set)
    set_many = _degrades(lambda args, kwargs: list(args[0]))(RedisCache.set_many)
    touch = _degrades(lambda args, kwargs: False)(RedisCache.touch)
    delete = _degrades(lambda args, kwargs: False)(RedisCache.delete)
    delete_many = _degrades(lambda args, kwargs: None)(RedisCache.delete_many)
    incr = _degrades(_missing_key)(RedisCache.incr)
    clear = _degrades(lambda args, kwargs: False)(RedisCache.clear)
