"""Redis connections tuned for where they are used."""
from __future__ import annotations

from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry


def connect_for_web(url: str) -> Redis:
    """A connection that fails fast: a Slack ack must come back within 3 s even
    when Redis is down, so no long connect timeouts and a single quick retry.

    Only a dropped connection (a Redis restart) is retried, not a timeout: with a
    hung Redis the connect and the command retries nest, and a fresh connection
    took 4 × ``socket_timeout`` before the ack could say "unavailable"."""
    return Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0,
                          retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
                          health_check_interval=30)
