"""Django's Redis cache, keeping one client per connection pool.

Django's builds a new `redis.Redis` for every cache call, and redis-py fills each new client's
table of reply parsers (about 170 entries): a third of a millisecond or so on every request, which
reads and renews the session and checks rate limits. A client is only a handle on its pool and
is safe to share between threads, so one per pool is kept.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    # Django's private helpers, which django-stubs does not declare, are reached through `django`.
    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = django._client(connection_pool=django._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
