"""The production cache keeps the site up when Redis is not: reads miss, writes are dropped, and after a
failure Redis is left alone for a few seconds instead of costing every request a connection timeout."""

import time
import uuid
from unittest import mock

import pytest

from federation.cache import RETRY_SECONDS, ResilientRedisCache


def _cache(location):
    return ResilientRedisCache(location, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_reads_and_writes_go_to_a_reachable_redis():
    cache = _cache("redis://127.0.0.1:6379/0")
    cache.set("answer", {"value": 42}, 30)
    assert cache.get("answer") == {"value": 42}
    assert cache.get_many(["answer", "none"]) == {"answer": {"value": 42}}
    assert cache.add("counter", 1) is True
    assert cache.incr("counter", 2) == 3
    cache.ping()
    cache.clear()


def test_an_unreachable_redis_is_an_empty_cache():
    cache = _cache("redis://127.0.0.1:1/0")
    assert cache.get("answer", "default") == "default"
    assert cache.set("answer", 42) is None
    assert cache.add("answer", 42) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("answer") is False
    with pytest.raises(ValueError, match="cache unreachable"):
        cache.incr("counter")


def test_after_a_failure_redis_is_left_alone_for_a_while_then_tried_again():
    cache = _cache("redis://127.0.0.1:1/0")
    cache.get("warm-up")  # fails, starts the back-off
    with mock.patch("django.core.cache.backends.redis.RedisCache.get") as backend_get:
        started = time.monotonic()
        assert cache.get("answer", "default") == "default"
        assert backend_get.call_count == 0
        assert time.monotonic() - started < 0.05
        with mock.patch("federation.cache.time.monotonic", return_value=time.monotonic() + RETRY_SECONDS + 1):
            backend_get.return_value = "from redis"
            assert cache.get("answer") == "from redis"
            assert backend_get.call_count == 1


def test_ping_reports_the_outage_that_reads_hide():
    import redis

    with pytest.raises(redis.ConnectionError):
        _cache("redis://127.0.0.1:1/0").ping()
