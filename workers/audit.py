"""The audit log: one entry per executed change, kept in a capped Redis stream."""
from __future__ import annotations

import time
from typing import Any

from redis import Redis

STREAM = "togglbot:audit"
MAX_ENTRIES = 10_000
class AuditLog:
    """Append-only, capped at about 10,000 entries; readable by ``status`` and reports."""

    def __init__(self, redis: Redis):
        self._redis = redis

    def record(self, entry: dict[str, Any]) -> None:
        """Add one entry (who, what, approved by whom, outcome, ref)."""
        fields = {key: str(value) for key, value in entry.items() if value is not None}
        fields.setdefault("at", f"{time.time():.3f}")
        self._redis.xadd(STREAM, fields, maxlen=MAX_ENTRIES, approximate=True)

    def recent(self, count: int = 20) -> list[dict[str, str]]:
        """The newest entries first."""
        return [{k.decode(): v.decode() for k, v in fields.items()}
                for _, fields in self._redis.xrevrange(STREAM, count=count)]

    def for_ref(self, ref: str, scan: int = 500) -> list[dict[str, str]]:
        """Entries of one ref among the latest ``scan``."""
        return [entry for entry in self.recent(scan) if entry.get("ref") == ref]
