"""The worker's Redis client: it rides out a Redis restart instead of dropping the job.

``rq worker --connection-class workers.patient_redis.PatientRedis`` builds the
worker's connection with this class; work horses share it. A dropped
connection or a timeout is retried with growing pauses for about a minute,
so a job in the middle of a Toggl write keeps its progress marks and still
posts its one result. (The web process fails fast instead: an ack cannot
wait, see ``web/redis_conn.py``.)

The worker's own loop (dequeue, heartbeats, watching its work horse) waits
longer: ``WaitsForRedis`` makes its commands wait for as long as Redis is
away, so RQ never sees a connection error there — RQ's loop would log
"found an unhandled exception, quitting" and the process would exit with
status 0, as if asked to stop.
"""
from __future__ import annotations

import logging
import os
import threading
from typing import Any

from redis import Redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
RETRIES = 40  # with pauses of 0.5 s growing to 2 s: about a minute in all
_STOPPING = threading.Event()  # set once this process is asked to stop: waiting for Redis ends


class _Backoff(ExponentialWithJitterBackoff):
    """Pauses of 0.5 s growing to 2 s, with a line in the log when Redis stops answering."""

    def compute(self, failures: int) -> float:
        if failures == 1 or failures % 30 == 0:
            log.warning("Redis does not answer (%d attempt(s)); retrying", failures)
        return super().compute(failures)


def _bounded() -> Retry:
    return Retry(_Backoff(cap=2.0, base=0.5), RETRIES)


class PatientRedis(Redis):
    """A Redis client that retries connection errors and timeouts for about a minute."""

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> "PatientRedis":
        """Like ``Redis.from_url``, with the patient retry unless the caller chose another."""
        kwargs.setdefault("retry", _bounded())
        kwargs.setdefault("socket_connect_timeout", 2.0)
        kwargs.setdefault("health_check_interval", 15)
        return super().from_url(url, **kwargs)


class WaitingRetry(Retry):
    """Retries for as long as Redis is away in the process that made it, until ``stop_waiting()``;
    in processes forked from it (work horses, RQ's scheduler) ``RETRIES`` times, like ``PatientRedis``:
    a job or the scheduler gives up after about a minute, and a stop request is never held up."""

    def __init__(self) -> None:
        super().__init__(_Backoff(cap=2.0, base=0.5), RETRIES)
        self._owner = os.getpid()

    @property
    def _retries(self) -> int:  # read by ``Retry.call_with_retry`` at each failure
        waiting = os.getpid() == self._owner and not _STOPPING.is_set()
        return -1 if waiting else RETRIES

    @_retries.setter
    def _retries(self, value: int) -> None:
        """Ignored: the rule above decides (``Retry.__init__`` sets it)."""


def stop_waiting() -> None:
    """From now on, this process's commands give up after ``RETRIES`` attempts (it is stopping)."""
    _STOPPING.set()


class WaitsForRedis:
    """For an RQ ``Worker`` subclass: its own loop waits out any Redis outage, a stop request
    ends the waiting, and if RQ's loop still ends on an error, the process exits with status 1
    (RQ's would be 0) so that whatever supervises it (``make run``, Compose) starts it again."""

    connection: Redis
    _asked_to_stop = False

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.connection.set_retry(WaitingRetry())

    def request_stop(self, signum: int, frame: Any) -> None:
        """SIGTERM/SIGINT: RQ's warm shutdown, and no more waiting for Redis."""
        self._asked_to_stop = True
        stop_waiting()
        super().request_stop(signum, frame)  # type: ignore[misc]

    def work(self, burst: bool = False, *args: Any, **kwargs: Any) -> bool:
        """RQ's loop; status 1 if it ended on an error rather than a stop request or a limit."""
        worked = super().work(burst, *args, **kwargs)  # type: ignore[misc]
        if not (burst or self._asked_to_stop or kwargs.get("max_jobs") or kwargs.get("max_idle_time")):
            log.error("the worker's loop ended on an error (logged above); exiting with status 1")
            raise SystemExit(1)
        return worked
