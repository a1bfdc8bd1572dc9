"""The private internals the portal still leans on, each pinned in pyproject.toml: when an
upgrade renames one, this fails with what to re-measure, instead of the speed-up quietly
turning off or a request failing.

- Django's Redis cache client (hajjportal/cache.py keeps one redis.Redis per pool; building
  one per call filled ~100 response callbacks each time, a quarter of a session read's CPU on
  every API call, bench/booking). Pinned by django>=5.2,<5.3.

psycopg's private internals are no longer used (BEGIN went with the first statement through
Connection._start_query; it saved under 5% of a booking and was removed).
"""

from django.core.cache import caches
from django.core.cache.backends import redis as django_redis

from hajjportal.cache import RedisCacheClient

DJANGO_REDIS_CLIENT = ("_pools", "_pool_class", "_pool_options", "_servers", "_client")


def test_djangos_redis_client_still_has_what_the_one_client_per_pool_reads():
    client = caches["default"]._cache
    assert isinstance(client, RedisCacheClient)
    missing = [name for name in DJANGO_REDIS_CLIENT if not hasattr(client, name)]
    assert not missing, (
        f"Django's RedisCacheClient no longer has {missing}: hajjportal/cache.py's "
        "RedisCacheClient.get_client relies on them. Port it or drop it (bench/booking).")
    assert callable(getattr(django_redis.RedisCacheClient, "_get_connection_pool_index", None)), (
        "Django's RedisCacheClient._get_connection_pool_index is gone: hajjportal/cache.py "
        "picks a server with it.")
    assert isinstance(client._pools, dict)


def test_the_cache_hands_out_one_client_per_pool():
    client = caches["default"]._cache

    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client(write=True)
