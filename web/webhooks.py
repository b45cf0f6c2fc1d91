"""``POST /toggl/webhooks``: Toggl's deliveries, checked, answered at once and queued.

Order matters (SPEC §14): the signature over the raw body is checked first
(anything else gets 401 and changes nothing); a validation ping is answered
``200 {"validation_code": …}``; an event is answered 200 right after it is
queued, and an ``event_id`` delivered again is acknowledged without a second
post. Payload facts: engineering.toggl.com/docs/webhooks_start (events,
url_endpoint_validation, validating_received_events).
"""
from __future__ import annotations

import json
import logging

from flask import Flask, jsonify, request
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from bot import metrics
from bot.jobqueue import POST_EVENT, enqueue_task
from bot.webhook_secrets import WebhookSecrets

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Webhook-Signature-256"
SEEN = "togglbot:webhook:seen:"
SEEN_TTL = 7 * 86400  # Toggl keeps undelivered events for a week


def add_webhook_route(app: Flask, redis: Redis, queue: Queue, secrets: WebhookSecrets) -> None:
    """Register ``POST /toggl/webhooks`` on ``app``."""

    @app.post("/toggl/webhooks")
    def toggl_webhooks():
        outcome, answer = _take_delivery()
        metrics.WEBHOOK_EVENTS.labels(outcome=outcome).inc()
        return answer

    def _take_delivery():
        """``(outcome for togglbot_webhook_events_total, the answer)`` for one delivery."""
        body = request.get_data(cache=False)
        try:
            signed = secrets.signed_by_us(body, request.headers.get(SIGNATURE_HEADER))
        except RedisError:
            return "unavailable", (jsonify(error="unavailable"), 503)
        if not signed:
            return "bad_signature", (jsonify(error="invalid signature"), 401)
        try:
            event = json.loads(body)
        except ValueError:
            return "unreadable", (jsonify(error="unreadable body"), 400)
        if not isinstance(event, dict):
            return "unreadable", (jsonify(error="unreadable body"), 400)
        if event.get("validation_code"):
            return "ping", jsonify(validation_code=str(event["validation_code"]))
        if event.get("payload") == "ping":
            return "ping", jsonify(status="ok")
        try:
            first = redis.set(f"{SEEN}{event.get('subscription_id')}:{event.get('event_id')}", "1",
                              nx=True, ex=SEEN_TTL)
            if first:
                enqueue_task(queue, POST_EVENT, event)
        except RedisError:
            return "unavailable", (jsonify(error="unavailable"), 503)  # Toggl delivers it again later
        return ("queued" if first else "duplicate"), jsonify(status="ok" if first else "already received")
