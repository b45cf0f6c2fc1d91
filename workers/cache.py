"""Look-ups cached in Redis for all processes, at most 10 minutes, kept current by the bot's own writes
(SPEC §12).

A change updates the cached records from Toggl's answer instead of dropping
them, so the next command needs no look-up. A look-up that was read from
Toggl while one of the bot's own writes to the same key was landing is
handed to its caller but not stored: it may predate the write. When several
workers miss the same key at once, one reads Toggl and the others wait for
its answer, so a cold cache costs each look-up once, not once per worker.
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable

from redis import Redis
from redis.exceptions import WatchError

from bot.cached import PREFIX

WRITTEN = "togglbot:cache-written:"  # when the bot last wrote through a key (loads older than that are not kept)
LOADING = "togglbot:cache-loading:"  # a worker is reading this key from Toggl now
MAX_AGE = 600
LOAD_WAIT = 20.0  # how long others wait for that read (Toggl's pacing can queue it behind a few requests)


class LookupCache:
    """JSON values under ``togglbot:cache:<key>``."""

    def __init__(self, redis: Redis, max_age: int = MAX_AGE):
        self._redis = redis
        self._max_age = min(max_age, MAX_AGE)

    def get(self, key: str) -> Any:
        """The cached value of ``key``, or None."""
        raw = self._redis.get(PREFIX + key)
        return None if raw is None else json.loads(raw)

    def get_or_load(self, key: str, load: Callable[[], Any]) -> Any:
        """The cached value of ``key``, or ``load()`` stored for next time (or another worker's load of
        the same key, when one is under way)."""
        raw = self._redis.get(PREFIX + key)
        if raw is not None:
            return json.loads(raw)
        loading = bool(self._redis.set(LOADING + key, "1", nx=True, ex=int(LOAD_WAIT) + 5))
        if not loading:
            waited = self._wait_for(key)
            if waited is not None:
                return json.loads(waited)
        try:
            started = time.time()
            value = load()
            written = self._redis.get(WRITTEN + key)
            if written is None or float(written) < started:
                self.put(key, value)
            return value
        finally:
            if loading:
                self._redis.delete(LOADING + key)

    def _wait_for(self, key: str) -> bytes | None:
        deadline = time.monotonic() + LOAD_WAIT
        while time.monotonic() < deadline and self._redis.exists(LOADING + key):
            time.sleep(0.05)
            raw = self._redis.get(PREFIX + key)
            if raw is not None:
                return raw
        return self._redis.get(PREFIX + key)

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` as read from Toggl now."""
        self._redis.set(PREFIX + key, json.dumps(value), ex=self._max_age)

    def update(self, key: str, change: Callable[[Any], Any]) -> None:
        """Apply the bot's own write to the cached value of ``key``, if cached: ``change(value)`` returns
        the new value. The value keeps its age (what else it holds was read from Toggl then)."""
        self._redis.set(WRITTEN + key, f"{time.time():.6f}", ex=self._max_age)
        with self._redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(PREFIX + key)
                    raw = pipe.get(PREFIX + key)
                    if raw is None:
                        pipe.unwatch()
                        return
                    value = change(json.loads(raw))
                    pipe.multi()
                    pipe.set(PREFIX + key, json.dumps(value), keepttl=True)
                    pipe.execute()
                    return
                except WatchError:
                    continue

    def keys(self, pattern: str) -> list[str]:
        """The cached keys matching a glob ``pattern`` (without the prefix)."""
        found = self._redis.scan_iter(match=PREFIX + pattern, count=200)
        return [(key.decode() if isinstance(key, bytes) else key)[len(PREFIX):] for key in found]

    def drop(self, *keys: str) -> None:
        """Forget ``keys`` (when the bot cannot tell what its change did to them)."""
        if keys:
            self._redis.delete(*(PREFIX + key for key in keys))
            for key in keys:
                self._redis.set(WRITTEN + key, f"{time.time():.6f}", ex=self._max_age)
