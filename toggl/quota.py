"""What Toggl last said about a token's hourly quota, remembered in Redis."""
from __future__ import annotations

import time

from redis import Redis


class QuotaBook:
    """Per-token quota headers, so no process spends a request Toggl will refuse."""

    def __init__(self, redis: Redis, prefix: str = "togglbot:quota:"):
        self._redis = redis
        self._prefix = prefix

    def remember(self, token_id: str, remaining: int, resets_in: int) -> None:
        """Store the latest ``X-Toggl-Quota-*`` values for the token."""
        resets_at = time.time() + resets_in
        self._redis.hset(self._prefix + token_id,
                         mapping={"remaining": remaining, "resets_at": f"{resets_at:.3f}"})
        self._redis.expire(self._prefix + token_id, max(resets_in, 1) + 60)

    def exhausted_for(self, token_id: str) -> int | None:
        """Seconds until the quota resets when none is left, else None."""
        raw = self._redis.hgetall(self._prefix + token_id)
        if not raw:
            return None
        remaining = int(raw.get(b"remaining", b"1"))
        wait = float(raw.get(b"resets_at", b"0")) - time.time()
        if remaining > 0 or wait <= 0:
            return None
        return int(wait) + 1

    def snapshot(self, token_id: str) -> tuple[int, int] | None:
        """``(remaining, seconds until reset)`` as last seen, if known and current."""
        raw = self._redis.hgetall(self._prefix + token_id)
        if not raw:
            return None
        wait = float(raw.get(b"resets_at", b"0")) - time.time()
        if wait <= 0:
            return None
        return int(raw.get(b"remaining", b"0")), int(wait) + 1
