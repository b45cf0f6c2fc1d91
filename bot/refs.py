"""Refs: short ids for accepted commands, and their records in Redis.

A ref is derived from Slack's ``trigger_id``, so a request delivered twice maps
to the same ref and is recognised instead of run again.
"""
from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

from redis import Redis
from redis.client import Pipeline

PREFIX = "togglbot:ref:"
USER_REFS = "togglbot:user-refs:"
RECORD_TTL = 14 * 86400
STATES = ("queued", "awaiting_approval", "running", "deferred", "done", "failed",
          "expired", "rejected", "cancelled")


def ref_for(trigger_id: str, salt: int = 0) -> str:
    """Six characters of base32 from a hash of the trigger id."""
    digest = hashlib.sha256(f"{trigger_id}:{salt}".encode()).digest()
    return base64.b32encode(digest).decode()[:6].lower()


def job_id_for(ref: str, suffix: str = "") -> str:
    """The RQ job id of a ref (``suffix`` for retries and deferrals)."""
    return f"cmd-{ref}{suffix}"


class RefStore:
    """Records of accepted commands: who, what, where to answer, and their state."""

    def __init__(self, redis: Redis):
        self._redis = redis

    def claim(self, trigger_id: str) -> tuple[str, bool]:
        """The ref for ``trigger_id`` and whether it is new (False: a repeat delivery)."""
        for salt in range(8):
            ref = ref_for(trigger_id, salt)
            with self._redis.pipeline(transaction=False) as pipe:  # one round trip
                pipe.hsetnx(PREFIX + ref, "trigger_id", trigger_id)
                pipe.expire(PREFIX + ref, RECORD_TTL)
                claimed, _ = pipe.execute()
            if claimed:
                return ref, True
            if self._redis.hget(PREFIX + ref, "trigger_id") == trigger_id.encode():
                return ref, False
        raise RuntimeError("no free ref for this trigger id")

    def create(self, ref: str, record: dict[str, Any], pipeline: Pipeline | None = None) -> None:
        """Fill a claimed ref's record and list it under its requester (inside
        ``pipeline`` when given, so it lands together with the job)."""
        now = f"{time.time():.3f}"
        fields = {**_encode(record), "ref": ref, "created_at": now, "updated_at": now}
        pipe = pipeline if pipeline is not None else self._redis.pipeline()
        pipe.hset(PREFIX + ref, mapping=fields)
        pipe.expire(PREFIX + ref, RECORD_TTL)
        if record.get("user_id"):
            pipe.lpush(USER_REFS + record["user_id"], ref)
            pipe.ltrim(USER_REFS + record["user_id"], 0, 49)
            pipe.expire(USER_REFS + record["user_id"], RECORD_TTL)
        if pipeline is None:
            pipe.execute()

    def discard(self, ref: str) -> None:
        """Forget a ref whose job could not be queued."""
        self._redis.delete(PREFIX + ref)

    def get(self, ref: str) -> dict[str, Any] | None:
        """The record of ``ref``, or None."""
        raw = self._redis.hgetall(PREFIX + ref)
        return _decode(raw) if raw and b"ref" in raw else None

    def update(self, ref: str, **fields: Any) -> None:
        """Change some fields (state, detail, …) and stamp the time."""
        fields["updated_at"] = f"{time.time():.3f}"
        self._redis.hset(PREFIX + ref, mapping=_encode(fields))

    def recent_for(self, user_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """The user's latest records, newest first."""
        refs = [r.decode() for r in self._redis.lrange(USER_REFS + user_id, 0, limit - 1)]
        return [rec for rec in (self.get(ref) for ref in refs) if rec]

    def claim_final(self, ref: str) -> bool:
        """True exactly once per ref: the right to post its one final message."""
        return bool(self._redis.set(f"togglbot:final:{ref}", "1", nx=True, ex=RECORD_TTL))


_JSON = "json:"


def _encode(fields: dict[str, Any]) -> dict[str, str]:
    return {k: _JSON + json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else str(v)
            for k, v in fields.items()}


def _decode(raw: dict[bytes, bytes]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in raw.items():
        text = value.decode()
        record[key.decode()] = json.loads(text[len(_JSON):]) if text.startswith(_JSON) else text
    return record
