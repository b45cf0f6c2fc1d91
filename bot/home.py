"""What both processes know about App Home: the Undo button's action id and who looks at their Home.

Only the Home views of people who opened the tab are refreshed; the set is
kept for 30 days after a person last opened it.
"""
from __future__ import annotations

import time

from redis import Redis

CHANGE_UNDO = "change_undo"
VIEWERS = "togglbot:home:viewers"  # sorted set: user id → when they last opened their Home
VIEWER_DAYS = 30


def remember_viewer(redis: Redis, user_id: str, now: float | None = None) -> None:
    """``user_id`` opened their Home tab."""
    now = time.time() if now is None else now
    with redis.pipeline() as pipe:
        pipe.zadd(VIEWERS, {user_id: now})
        pipe.zremrangebyscore(VIEWERS, 0, now - VIEWER_DAYS * 86400)
        pipe.execute()


def viewers(redis: Redis, among: set[str] | None = None) -> list[str]:
    """The people with a Home view to keep current (those of ``among``, when given)."""
    found = [u.decode() if isinstance(u, bytes) else u for u in redis.zrange(VIEWERS, 0, -1)]
    return [u for u in found if among is None or u in among]
