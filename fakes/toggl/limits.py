"""Per-token rate limit, hourly quota per (token, bucket) and the fault queue (all thread-safe)."""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any, Optional


class RateLimiter:
    """About 1 request/s per token: a leaky bucket holding one request.

    A request less than ``min_interval`` seconds after the last *accepted*
    request of the same token is refused (rejected requests do not refill the
    bucket). 0.9 s leaves room for a client pacing at exactly 1.0 s.
    """

    def __init__(self, enabled: bool = True, min_interval: float = 0.9) -> None:
        self.enabled = enabled
        self.min_interval = min_interval
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def allow(self, token: str, now: float) -> bool:
        """Record and accept the request, or return False (→ 429)."""
        with self._lock:
            last = self._last.get(token)
            if self.enabled and last is not None and now - last < self.min_interval:
                return False
            self._last[token] = now
            return True

    def reset(self) -> None:
        """Forget every token's last request."""
        with self._lock:
            self._last.clear()


# A quota bucket: ("me", 0) for /me and every request outside an organization,
# ("organization", oid), or ("workspace", wid) for a workspace the fake does not know.
Bucket = tuple[str, int]
ME: Bucket = ("me", 0)


def bucket_of(workspaces: dict[int, dict], path: str) -> Bucket:
    """The quota bucket of a request path (below /api/v9)."""
    parts = path.strip("/").split("/")
    if len(parts) > 1 and parts[1].isdecimal():
        if parts[0] == "organizations":
            return ("organization", int(parts[1]))
        if parts[0] == "workspaces":
            ws = workspaces.get(int(parts[1]))
            return ("organization", ws["organization_id"]) if ws else ("workspace", int(parts[1]))
    return ME


@dataclass
class _Manual:
    total: int
    remaining: int
    resets_at: float


class QuotaBook:
    """Hourly quota per (token, bucket): a sliding hour and/or overrides.

    Every accepted request is counted in its bucket's sliding hour, enforced
    or not (``status`` reports it). ``per_hour`` (None = not enforced) applies
    to every bucket separately. ``set_quota`` overrides a bucket's numbers
    until its reset moment; after that the bucket falls back to the sliding
    hour. An override for "every organization bucket" of a token is copied
    into each such bucket on its first use.
    """

    def __init__(self, per_hour: Optional[int] = None) -> None:
        self.per_hour = per_hour
        self._windows: dict[tuple[str, Bucket], deque[float]] = {}
        self._manual: dict[tuple[str, Bucket], _Manual] = {}
        self._org_manual: dict[str, _Manual] = {}
        self._lock = threading.Lock()

    def set_quota(self, token: str, remaining: int, resets_in: float, now: float,
                  bucket: Optional[Bucket] = None) -> None:
        """Give ``token`` ``remaining`` requests in ``bucket`` (None: in each of its
        organization buckets, not the me bucket) until ``resets_in`` s from now."""
        manual = _Manual(remaining, remaining, now + resets_in)
        with self._lock:
            if bucket is not None:
                self._manual[(token, bucket)] = manual
                return
            for key in [k for k in self._manual if k[0] == token and k[1] != ME]:
                del self._manual[key]
            self._org_manual[token] = manual

    def consume(self, token: str, bucket: Bucket,
                now: float) -> Optional[tuple[bool, int, int]]:
        """Count one request: (allowed, remaining, resets_in) or None when not enforced."""
        with self._lock:
            window = self._window(token, bucket, now)
            manual = self._active_manual(token, bucket, now)
            if manual is not None:
                resets_in = max(0, math.ceil(manual.resets_at - now))
                if manual.remaining <= 0:
                    return False, 0, resets_in
                manual.remaining -= 1
                window.append(now)
                return True, manual.remaining, resets_in
            if self.per_hour is not None and len(window) >= self.per_hour:
                return False, 0, math.ceil(window[0] + 3600 - now)
            window.append(now)
            if self.per_hour is None:
                return None
            return True, self.per_hour - len(window), math.ceil(window[0] + 3600 - now)

    def peek(self, token: str, bucket: Bucket, now: float) -> Optional[tuple[int, int]]:
        """(remaining, resets_in) without counting, or None when not enforced."""
        with self._lock:
            if self._active_manual(token, bucket, now) is None and self.per_hour is None:
                return None
        remaining, resets_in, _total = self.status(token, bucket, 0, now)
        return max(0, remaining), resets_in

    def status(self, token: str, bucket: Bucket, plan_total: int,
               now: float) -> tuple[int, int, int]:
        """(remaining, resets_in, total) as ``GET /me/quota`` reports them.

        ``plan_total`` is the total when no quota is enforced; then
        ``remaining`` may go negative, as Toggl documents.
        """
        with self._lock:
            manual = self._active_manual(token, bucket, now)
            if manual is not None:
                return (max(0, manual.remaining), max(0, math.ceil(manual.resets_at - now)),
                        manual.total)
            window = self._window(token, bucket, now)
            resets_in = math.ceil(window[0] + 3600 - now) if window else 3600
            if self.per_hour is not None:
                return max(0, self.per_hour - len(window)), resets_in, self.per_hour
            return plan_total - len(window), resets_in, plan_total

    def reset(self) -> None:
        """Drop overrides and counted requests."""
        with self._lock:
            self._manual.clear()
            self._org_manual.clear()
            self._windows.clear()

    def _active_manual(self, token: str, bucket: Bucket, now: float) -> Optional[_Manual]:
        key = (token, bucket)
        manual = self._manual.get(key)
        template = self._org_manual.get(token)
        if template is not None and now >= template.resets_at:
            del self._org_manual[token]
        elif manual is None and template is not None and bucket != ME:
            manual = self._manual[key] = replace(template)
        if manual is not None and now >= manual.resets_at:
            del self._manual[key]
            return None
        return manual

    def _window(self, token: str, bucket: Bucket, now: float) -> deque[float]:
        window = self._windows.setdefault((token, bucket), deque())
        while window and window[0] <= now - 3600:
            window.popleft()
        return window


@dataclass
class Fault:
    """One queued fault: ``kind`` is "fail", "delay" or "drop"."""

    kind: str
    count: int
    path_prefix: Optional[str] = None
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    apply: bool = False

    def matches(self, path: str) -> bool:
        """Whether the fault applies to a path (below /api/v9)."""
        return self.path_prefix is None or path.startswith(self.path_prefix)


class FaultQueue:
    """Faults in the order they were queued; each request takes the first match."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        """Queue a fault (count must be ≥ 1)."""
        if fault.count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._faults.append(fault)

    def take(self, path: str) -> Optional[Fault]:
        """Use up one count of the first fault matching ``path``."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(path):
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                    return fault
            return None

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._faults.clear()

    def pending(self) -> int:
        """How many faulty requests are still queued."""
        with self._lock:
            return sum(f.count for f in self._faults)
