"""The Bolt app: listeners for ``/toggl``; everything the ack needs is done in-process."""
from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.intake import Intake, SlashRequest
from bot.settings import Settings

log = logging.getLogger(__name__)


def build_bolt_app(settings: Settings, intake: Intake) -> App:
    """A Bolt app that verifies signatures and answers ``/toggl`` within Slack's 3 s."""

    def authorize(enterprise_id: str | None, team_id: str | None, logger: logging.Logger) -> AuthorizeResult:
        # A single-workspace app: no auth.test round trip on the ack path.
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id,
                               bot_token=settings.slack_bot_token)

    app = App(
        signing_secret=settings.slack_signing_secret,
        authorize=authorize,
        client=WebClient(base_url=settings.slack_api_url, timeout=10),
        process_before_response=True,
        logger=log,
    )

    @app.command(re.compile(r"^/toggl"))
    def on_toggl(ack: Ack, body: dict) -> None:
        message = intake.handle(SlashRequest.from_body(body))
        ack(**message)

    return app
