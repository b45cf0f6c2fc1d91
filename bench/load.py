"""A light closed-loop HTTP load generator: N threads, one keep-alive connection each."""
from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

Request = tuple[bytes, dict[str, str]]  # body, headers


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    bad: int = 0  # answered 200 but not what was expected
    wall: float = 0.0
    first_error: str = ""
    server_cpu: float = 0.0  # seconds of CPU used by the server's worker processes
    client_cpu: float = 0.0  # seconds of CPU used by this (client) process

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
        return ordered[rank - 1] * 1000

    @property
    def throughput(self) -> float:
        return self.count / self.wall if self.wall else 0.0


def _readable(payload: bytes) -> str:
    try:
        return str(json.loads(payload).get("text", ""))[:200]
    except (ValueError, AttributeError):
        return repr(payload[:200])


def run_load(port: int, path: str, requests: Sequence[Request], concurrency: int,
             check: Optional[Callable[[bytes], bool]] = None, time_limit: float = 60.0,
             server_cpu: Callable[[], float] = lambda: 0.0) -> LoadResult:
    """Send ``requests`` with ``concurrency`` clients, each waiting for its answer before
    the next (closed loop), over persistent connections. Stops at ``time_limit``.
    ``server_cpu`` returns the server's CPU seconds so far (to report CPU per request)."""
    result = LoadResult()
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit
    start_gate = threading.Barrier(concurrency + 1)

    def client(share: Sequence[Request]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        errors = bad = 0
        first_error = ""
        start_gate.wait()
        for body, headers in share:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    errors += 1
                    first_error = first_error or f"HTTP {response.status}: {payload[:200]!r}"
                    continue
                if check is not None and not check(payload):
                    bad += 1
                    first_error = first_error or f"unexpected answer: {_readable(payload)}"
                mine.append(elapsed)
            except (OSError, http.client.HTTPException) as error:
                errors += 1
                first_error = first_error or f"{error.__class__.__name__}: {error}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()
        with lock:
            result.latencies.extend(mine)
            result.errors += errors
            result.bad += bad
            result.first_error = result.first_error or first_error

    threads = [threading.Thread(target=client, args=(requests[i::concurrency],), daemon=True)
               for i in range(concurrency)]
    for thread in threads:
        thread.start()
    cpu_before, client_before = server_cpu(), time.process_time()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=time_limit + 15)
    result.wall = time.perf_counter() - began
    result.server_cpu = server_cpu() - cpu_before
    result.client_cpu = time.process_time() - client_before
    return result
