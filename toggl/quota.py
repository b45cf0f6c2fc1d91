"""Toggl's hourly quota as Toggl counts it: per token, per organization, and a bucket for ``/me``.

Toggl counts requests per user **per organization** (``/workspaces/{wid}/…``
counts in the workspace's organization) and gives user-level endpoints
(``/me``, ``/me/…``) a bucket of their own (support.toggl.com, "API and
webhook limits"; ``GET /me/quota`` reports ``organization_id: null`` for it).
Running out in one bucket never stops requests that go to another, and a
bucket is closed only by a ``402`` that carries the quota headers — a
``Remaining: 0`` on a ``200`` is remembered for display, not obeyed.
"""
from __future__ import annotations

import re
import time

from redis import Redis

ME = "me"
_ORG_PATH = re.compile(r"^/organizations/(\d+)(?:/|$)")
_WORKSPACE_PATH = re.compile(r"^/workspaces/(\d+)(?:/|$)")
ORG_OF_KEY = "togglbot:quota:org-of"  # workspace id → organization id, shared by all processes


def organization_bucket(organization_id: int) -> str:
    """The bucket name of an organization."""
    return f"org:{organization_id}"


def organization_of(bucket: str) -> int | None:
    """The organization id of an organization's bucket; None for any other bucket."""
    name, _, number = bucket.partition(":")
    return int(number) if name == "org" and number.isdecimal() else None


class QuotaBook:
    """What Toggl last said about each (token, bucket), in Redis for every process."""

    def __init__(self, redis: Redis, prefix: str = "togglbot:quota:"):
        self._redis = redis
        self._prefix = prefix

    def learn_organization(self, workspace_id: int, organization_id: int) -> None:
        """Remember which organization a workspace belongs to (its requests count there); what was
        counted for the workspace before is the organization's."""
        if self._redis.hset(ORG_OF_KEY, str(workspace_id), str(organization_id)):
            for key in self._redis.scan_iter(match=f"{self._prefix}*:ws:{workspace_id}", count=100):
                name = key.decode() if isinstance(key, bytes) else key
                target = name[:-len(f"ws:{workspace_id}")] + organization_bucket(organization_id)
                self._redis.renamenx(name, target)

    def bucket_of(self, path: str) -> str:
        """The bucket a request to ``path`` counts in: ``me``, ``org:<id>``, or ``ws:<id>`` while the
        workspace's organization is not known yet."""
        if path == "/me" or path.startswith("/me/"):
            return ME
        match = _ORG_PATH.match(path)
        if match:
            return organization_bucket(int(match.group(1)))
        match = _WORKSPACE_PATH.match(path)
        if match:
            organization = self._redis.hget(ORG_OF_KEY, match.group(1))
            return organization_bucket(int(organization)) if organization else f"ws:{match.group(1)}"
        return "other"

    def remember(self, token_id: str, bucket: str, remaining: int, resets_in: int) -> None:
        """Store the latest ``X-Toggl-Quota-*`` values of a bucket (any answer that carried them)."""
        key = self._key(token_id, bucket)
        self._redis.hset(key, mapping={"remaining": remaining, "resets_at": f"{time.time() + resets_in:.3f}"})
        self._redis.expire(key, max(resets_in, 1) + 3600)

    def close(self, token_id: str, bucket: str, resets_in: int) -> None:
        """Toggl answered ``402`` with quota headers: send nothing to this bucket until the reset."""
        key = self._key(token_id, bucket)
        until = repr(time.time() + resets_in)  # unrounded: a rounded-up moment would still be ahead of now
        self._redis.hset(key, mapping={"remaining": 0, "resets_at": until, "closed_until": until})
        self._redis.expire(key, max(resets_in, 1) + 3600)

    def closed_for(self, token_id: str, bucket: str) -> int | None:
        """Seconds until a closed bucket reopens, or None when requests may go."""
        closed_until = self._redis.hget(self._key(token_id, bucket), "closed_until")
        if closed_until is None:
            return None
        wait = float(closed_until) - time.time()
        return int(wait) + 1 if wait > 0 else None

    def closed(self, token_id: str) -> dict[str, int]:
        """``{bucket: seconds until it reopens}`` for the token's closed buckets."""
        return {bucket: wait for bucket in self.snapshot(token_id)
                if (wait := self.closed_for(token_id, bucket)) is not None}

    def snapshot(self, token_id: str) -> dict[str, tuple[int, int]]:
        """``{bucket: (remaining, seconds until reset)}`` as last seen, for buckets still current."""
        found: dict[str, tuple[int, int]] = {}
        prefix = self._key(token_id, "")
        for key in self._redis.scan_iter(match=prefix + "*", count=100):
            raw = self._redis.hgetall(key)
            wait = float(raw.get(b"resets_at", b"0")) - time.time()
            if raw and wait > 0:
                name = key.decode()[len(prefix):] if isinstance(key, bytes) else key[len(prefix):]
                found[name] = (int(raw.get(b"remaining", b"0")), int(wait) + 1)
        return found

    def _key(self, token_id: str, bucket: str) -> str:
        return f"{self._prefix}{token_id}:{bucket}"
