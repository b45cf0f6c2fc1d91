"""The web process: ``gunicorn "app:create_app()"``."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from redis.exceptions import RedisError
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.jobqueue import make_queue
from bot.logs import configure_logging
from bot.settings import Settings, load_or_exit
from bot.webhook_secrets import WebhookSecrets
from web.intake import Intake
from web.limits import refuse_large_bodies
from web.metrics import add_metrics_route
from web.redis_conn import connect_for_web
from web.slack_app import build_bolt_app
from web.socket_mode import start_socket_mode
from web.webhooks import add_webhook_route


def create_app(settings: Settings | None = None, connect_socket_mode: bool = True) -> Flask:
    """Wire Flask, Bolt, Redis and the queue. Reads the environment only when
    ``settings`` is not given, and then stops with one line if it is incomplete.

    With ``SLACK_APP_TOKEN`` set, the same Bolt app also connects over Socket
    Mode, so Slack needs no public Request URL; ``/healthz`` is still served."""
    settings = settings or load_or_exit()
    configure_logging(settings)
    redis = connect_for_web(settings.redis_url)
    queue = make_queue(redis, settings.queue_name)
    intake = Intake(settings, redis, queue)
    bolt_app = build_bolt_app(settings, intake)
    handler = SlackRequestHandler(bolt_app)
    verifier = SignatureVerifier(settings.slack_signing_secret)

    app = Flask(__name__)
    refuse_large_bodies(app)
    app.config["TOGGLBOT_SETTINGS"] = settings
    app.extensions["togglbot.bolt"] = bolt_app
    if settings.slack_app_token and connect_socket_mode:
        app.extensions["togglbot.socket_mode"] = start_socket_mode(bolt_app, settings)

    @app.post("/slack/events")
    def slack_events():
        # The signature is checked here before Bolt sees the request: Bolt parses the
        # body first (500 on a malformed one), answers 500 to a non-numeric timestamp
        # and logs the whole body of a badly signed request (a pasted token) at INFO.
        if not _signed(verifier, request):
            return jsonify(error="invalid request"), 401
        try:
            return handler.handle(request)
        except Exception as error:  # a signed body that Bolt cannot parse
            logging.getLogger(__name__).warning("unreadable Slack request: %s", error.__class__.__name__)
            return jsonify(error="unreadable request"), 400

    add_webhook_route(app, redis, queue, WebhookSecrets(redis, settings.secret_keys))
    add_metrics_route(app, settings, redis)

    @app.get("/healthz")
    def healthz():
        try:
            redis.ping()
        except RedisError as error:
            return jsonify(status="unavailable", reason=f"redis: {error.__class__.__name__}"), 503
        return jsonify(status="ok")

    return app


def _signed(verifier: SignatureVerifier, req) -> bool:
    """Slack's signature (5-minute window) over the body as Bolt reads it."""
    try:
        return verifier.is_valid_request(req.get_data(as_text=True), dict(req.headers))
    except (TypeError, ValueError):  # a timestamp that is not a whole number
        return False
