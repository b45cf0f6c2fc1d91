"""Redis connections tuned for where they are used."""
from __future__ import annotations

from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def connect_for_web(url: str) -> Redis:
    """A connection that fails fast: a Slack ack must come back within 3 s even
    when Redis is down, so no long connect timeouts and a single quick retry."""
    return Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0,
                          retry=Retry(NoBackoff(), 1), health_check_interval=30)
