"""The web process: ``gunicorn "app:create_app()"``."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from redis.exceptions import RedisError
from slack_bolt.adapter.flask import SlackRequestHandler

from bot.intake import Intake
from bot.jobqueue import make_queue
from bot.redis_conn import connect_for_web
from bot.settings import Settings, load_or_exit
from bot.slack_app import build_bolt_app


def create_app(settings: Settings | None = None) -> Flask:
    """Wire Flask, Bolt, Redis and the queue. Reads the environment only when
    ``settings`` is not given, and then stops with one line if it is incomplete."""
    settings = settings or load_or_exit()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redis = connect_for_web(settings.redis_url)
    intake = Intake(settings, redis, make_queue(redis, settings.queue_name))
    handler = SlackRequestHandler(build_bolt_app(settings, intake))

    app = Flask(__name__)
    app.config["TOGGLBOT_SETTINGS"] = settings

    @app.post("/slack/events")
    def slack_events():
        return handler.handle(request)

    @app.get("/healthz")
    def healthz():
        try:
            redis.ping()
        except RedisError as error:
            return jsonify(status="unavailable", reason=f"redis: {error.__class__.__name__}"), 503
        return jsonify(status="ok")

    return app
