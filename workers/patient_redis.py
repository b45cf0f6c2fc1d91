"""The worker's Redis client: it rides out a Redis restart instead of dropping the job.

``rq worker --connection-class workers.patient_redis.PatientRedis`` builds the
worker's connection with this class; work horses share it. A dropped
connection or a timeout is retried with growing pauses for about a minute,
so a job in the middle of a Toggl write keeps its progress marks and still
posts its one result. (The web process fails fast instead: an ack cannot
wait, see ``web/redis_conn.py``.)
"""
from __future__ import annotations

from typing import Any

from redis import Redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry

RETRIES = 40  # with pauses of 0.5 s growing to 2 s: about a minute in all


class PatientRedis(Redis):
    """A Redis client that retries connection errors and timeouts for about a minute."""

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> "PatientRedis":
        """Like ``Redis.from_url``, with the patient retry unless the caller chose another."""
        kwargs.setdefault("retry", Retry(ExponentialWithJitterBackoff(cap=2.0, base=0.5), RETRIES))
        kwargs.setdefault("socket_connect_timeout", 2.0)
        kwargs.setdefault("health_check_interval", 15)
        return super().from_url(url, **kwargs)
