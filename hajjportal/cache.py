"""Django's Redis cache, keeping one redis.Redis per connection pool.

The stock client builds a new redis.Redis for every call, and each one fills a dictionary of
about a hundred response callbacks: a quarter of a session read's CPU on every API call
(bench/booking). redis.Redis is thread-safe over its pool, so one per pool is enough.
"""

from django.core.cache.backends import redis


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
