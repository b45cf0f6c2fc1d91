"""Pacing shared through Redis: all processes together send ≤ 1 request/s per token."""
from __future__ import annotations

import hashlib
import time
from typing import Callable

from redis import Redis

# Reserve the next free slot atomically. Redis's own clock is the reference so
# that processes on several machines agree on what "one second" means.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
redis.call('SET', KEYS[1], slot + interval, 'PX', interval * 2 + 60000)
return slot - now
"""

# Push the next free slot to at least ``hold`` ms from now (after a 429: every process waits).
_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hold = now + tonumber(ARGV[1])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < hold then redis.call('SET', KEYS[1], hold, 'PX', tonumber(ARGV[1]) + 60000) end
return 0
"""


def token_key(token: str) -> str:
    """A stable, non-reversible name for a token, for Redis keys and logs."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


# Claim the moment of sending: at least ``interval`` after the last request any process actually sent.
# A process can wake late from its reserved slot (a busy machine); the next one must not then follow
# it closer than the interval. Returns 0 (claimed) or how many ms to wait first.
_CLAIM = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < last + interval then return last + interval - now end
redis.call('SET', KEYS[1], now, 'PX', interval + 60000)
return 0
"""
MAX_CLAIMS = 5  # then send: only a sleep that does not pass time (tests) gets this far


class Pacer:
    """Hands out request slots ``interval`` apart for each token, across processes."""

    def __init__(self, redis: Redis, interval: float = 1.0, prefix: str = "togglbot:pace:",
                 sleep: Callable[[float], None] = time.sleep):
        self._redis = redis
        self._interval_ms = int(interval * 1000)
        self._prefix = prefix
        self._sleep = sleep
        self._reserve = redis.register_script(_RESERVE)
        self._hold = redis.register_script(_HOLD)
        self._claim = redis.register_script(_CLAIM)

    def wait_turn(self, token_id: str) -> float:
        """Block until this process may send the token's next request; return the wait."""
        delay_ms = int(self._reserve(keys=[self._prefix + token_id], args=[self._interval_ms]))
        if delay_ms > 0:
            self._sleep(delay_ms / 1000)
        for _ in range(MAX_CLAIMS):
            late_ms = int(self._claim(keys=[self._prefix + token_id + ":sent"], args=[self._interval_ms]))
            if late_ms <= 0:
                break
            delay_ms += late_ms
            self._sleep(late_ms / 1000)
        return delay_ms / 1000

    def hold(self, token_id: str, seconds: float) -> None:
        """Give no slot for ``seconds`` to any process (Toggl said 429: everyone backs off)."""
        self._hold(keys=[self._prefix + token_id], args=[int(seconds * 1000)])
