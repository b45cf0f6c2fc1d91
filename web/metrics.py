"""``GET /metrics``: Prometheus text for the whole bot (SPEC §16).

The series are defined in ``bot/metrics.py``; with ``PROMETHEUS_MULTIPROC_DIR`` set, the scrape
merges the files of every gunicorn worker and RQ work horse, as prometheus_client's multiprocess
mode describes (https://prometheus.github.io/client_python/multiprocess/: a fresh
``CollectorRegistry`` per request with a ``MultiProcessCollector``). ``togglbot_open_approvals``
is not recorded by any process: it is read from Redis at each scrape (the same open requests
``/toggl approvals`` lists), so it is always true. With ``TOGGLBOT_METRICS_TOKEN`` set, the
request needs ``Authorization: Bearer <token>`` (compared in constant time), else 401.
"""
from __future__ import annotations

import hmac
import logging
from typing import Iterator

from flask import Flask, Response, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from redis import Redis
from redis.exceptions import RedisError

from bot import metrics
from bot.refs import RefStore
from bot.settings import Settings

log = logging.getLogger(__name__)


class OpenApprovals:
    """A collector: the approval requests waiting for a decision, counted in Redis when scraped."""

    def __init__(self, redis: Redis):
        self.refs = RefStore(redis)

    def collect(self) -> Iterator[Metric]:
        try:
            count = len(self.refs.open_approvals())
        except RedisError as error:  # the series goes missing for this scrape; the rest is served
            log.warning("redis unavailable while counting open approvals: %s", error.__class__.__name__)
            return
        yield GaugeMetricFamily(metrics.OPEN_APPROVALS, metrics.OPEN_APPROVALS_HELP, value=count)


def add_metrics_route(app: Flask, settings: Settings, redis: Redis) -> None:
    """Register ``GET /metrics`` on ``app``."""
    open_approvals = OpenApprovals(redis)

    @app.get("/metrics")
    def prometheus_metrics():
        if settings.metrics_token and not _bearer_matches(request.headers.get("Authorization", ""),
                                                          settings.metrics_token):
            return Response("a bearer token is required\n", 401, mimetype="text/plain",
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        registry = metrics.scrape_registry()
        registry.register(open_approvals)
        return Response(generate_latest(registry), 200, headers={"Content-Type": CONTENT_TYPE_LATEST})


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _, given = header.strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
