"""Lookups cached in Redis for all processes, at most 10 minutes (SPEC §7)."""
from __future__ import annotations

import json
from typing import Any, Callable

from redis import Redis

PREFIX = "togglbot:cache:"
MAX_AGE = 600


class LookupCache:
    """JSON values under ``togglbot:cache:<key>``; dropped after the bot's own changes."""

    def __init__(self, redis: Redis, max_age: int = MAX_AGE):
        self._redis = redis
        self._max_age = min(max_age, MAX_AGE)

    def get_or_load(self, key: str, load: Callable[[], Any]) -> Any:
        """The cached value of ``key``, or ``load()`` stored for next time."""
        raw = self._redis.get(PREFIX + key)
        if raw is not None:
            return json.loads(raw)
        value = load()
        self.put(key, value)
        return value

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` as the current one (after a fresh read or the bot's own write)."""
        self._redis.set(PREFIX + key, json.dumps(value), ex=self._max_age)

    def drop(self, *keys: str) -> None:
        """Forget ``keys`` (after a change that makes them stale)."""
        if keys:
            self._redis.delete(*(PREFIX + key for key in keys))
