"""The Redis cache as production uses it: a Redis outage makes the site slower, never broken.

Django's own Redis backend raises when Redis cannot be reached, and Wagtail reads the cache on every page
(the site's root paths), so every page would fail. `ResilientRedisCache` treats an unreachable Redis as an
empty cache: reads miss, writes are dropped, and a warning is logged. After a failure it leaves Redis alone
for RETRY_SECONDS, so visitors do not each wait for a connection timeout; then it tries again by itself.
`ping` raises, for the health report.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Fail fast: a cache that answers slower than this is worse than none.
SOCKET_TIMEOUT = 0.5


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)
        self._down_until = 0.0

    def _attempt(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except self._lib_errors() as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Redis cache unreachable (%s); serving without it for %s s", error, RETRY_SECONDS)
            return fallback

    def _lib_errors(self):
        import redis

        return (redis.ConnectionError, redis.TimeoutError)

    def ping(self):
        """Raise if Redis cannot be reached now (whatever the back-off says)."""
        self._down_until = 0.0
        self._cache.get_client(write=True).ping()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read cannot be incremented: say so, as for a missing key.
        result = self._attempt(super().incr, None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, None, keys, version)

    def clear(self):
        return self._attempt(super().clear, False)
