"""Per-token rate limit, hourly quota and the fault queue (all thread-safe)."""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass, field
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


@dataclass
class _Manual:
    remaining: int
    resets_at: float


class QuotaBook:
    """Hourly quota per token: a sliding hour (``per_hour``) and/or overrides.

    ``set_quota`` overrides a token's numbers until its reset moment; after
    that the token falls back to the sliding hour, or to no quota at all.
    """

    def __init__(self, per_hour: Optional[int] = None) -> None:
        self.per_hour = per_hour
        self._windows: dict[str, deque[float]] = {}
        self._manual: dict[str, _Manual] = {}
        self._lock = threading.Lock()

    def set_quota(self, token: str, remaining: int, resets_in: float, now: float) -> None:
        """Give ``token`` ``remaining`` requests until ``resets_in`` seconds from now."""
        with self._lock:
            self._manual[token] = _Manual(remaining, now + resets_in)

    def consume(self, token: str, now: float) -> Optional[tuple[bool, int, int]]:
        """Count one request: (allowed, remaining, resets_in) or None without quota."""
        with self._lock:
            manual = self._active_manual(token, now)
            if manual is not None:
                resets_in = max(0, math.ceil(manual.resets_at - now))
                if manual.remaining <= 0:
                    return False, 0, resets_in
                manual.remaining -= 1
                return True, manual.remaining, resets_in
            if self.per_hour is None:
                return None
            window = self._window(token, now)
            if len(window) >= self.per_hour:
                return False, 0, math.ceil(window[0] + 3600 - now)
            window.append(now)
            return True, self.per_hour - len(window), math.ceil(window[0] + 3600 - now)

    def peek(self, token: str, now: float) -> Optional[tuple[int, int]]:
        """(remaining, resets_in) without counting, or None without quota."""
        with self._lock:
            manual = self._active_manual(token, now)
            if manual is not None:
                return max(0, manual.remaining), max(0, math.ceil(manual.resets_at - now))
            if self.per_hour is None:
                return None
            window = self._window(token, now)
            resets_in = math.ceil(window[0] + 3600 - now) if window else 3600
            return max(0, self.per_hour - len(window)), resets_in

    def reset(self) -> None:
        """Drop overrides and counted requests."""
        with self._lock:
            self._manual.clear()
            self._windows.clear()

    def _active_manual(self, token: str, now: float) -> Optional[_Manual]:
        manual = self._manual.get(token)
        if manual is not None and now >= manual.resets_at:
            del self._manual[token]
            return None
        return manual

    def _window(self, token: str, now: float) -> deque[float]:
        window = self._windows.setdefault(token, deque())
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
