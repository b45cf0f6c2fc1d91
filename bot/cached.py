"""Names of the cached look-ups in Redis, shared by the worker (which fills them) and the web process
(which only reads them, to answer Slack's option requests within 3 s without calling Toggl).

The worker's ``workers.cache.LookupCache`` stores JSON under ``PREFIX + key``;
``lookup_key`` names one workspace's look-up. ``DEFAULT_WORKSPACE`` holds the
workspace the bot acts on when no ``TOGGL_WORKSPACE_ID`` is configured (the
admin token's default), written by the worker when it resolves it.
"""
from __future__ import annotations

import json
from typing import Any

from redis import Redis

PREFIX = "togglbot:cache:"
DEFAULT_WORKSPACE = "togglbot:default-workspace"
DEFAULT_WORKSPACE_TTL = 600


def lookup_key(wid: int, kind: str) -> str:
    """The cache key of one look-up of workspace ``wid`` (``workspace_users``, ``project:4001``, …)."""
    return f"ws:{wid}:{kind}"


def read_lookup(redis: Redis, wid: int, kind: str) -> list[dict[str, Any]] | None:
    """The cached list ``kind`` of workspace ``wid`` as the worker last stored it, or None when not cached."""
    raw = redis.get(PREFIX + lookup_key(wid, kind))
    if raw is None:
        return None
    value = json.loads(raw)
    return value if isinstance(value, list) else None


def default_workspace(redis: Redis) -> int | None:
    """The admin token's default workspace, as the worker last resolved it."""
    raw = redis.get(DEFAULT_WORKSPACE)
    return int(raw) if raw is not None and raw.isdigit() else None
