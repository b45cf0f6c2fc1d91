"""Socket Mode: the same Bolt listeners, reached over a WebSocket instead of a public URL."""
from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings
from bot.slack_client import web_client

log = logging.getLogger(__name__)


def start_socket_mode(bolt_app: App, settings: Settings) -> SocketModeHandler:
    """Connect to Slack with ``SLACK_APP_TOKEN`` (``xapp-…``) without blocking; Bolt
    acks and dispatches each envelope to the listeners that also serve HTTP."""
    handler = SocketModeHandler(
        bolt_app, app_token=settings.slack_app_token, logger=log,
        # Used only for apps.connections.open, which takes the app token.
        web_client=web_client(settings, settings.slack_app_token))
    handler.connect()
    log.info("connected to Slack over Socket Mode")
    return handler
