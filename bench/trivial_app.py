"""The baseline for the ack-latency benchmark: one POST route, nothing else.

Served by the same gunicorn command and ./gunicorn.conf.py as the bot
(``gunicorn "bench.trivial_app:create_app()"``), so the difference in latency is
what the bot's ack path (Bolt, signature check, parsing, Redis, RQ) costs.
"""
from __future__ import annotations

from flask import Flask, jsonify


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/slack/events")
    def slack_events():
        return jsonify(response_type="ephemeral", text="ok")

    return app
