"""The Bolt app: listeners for ``/toggl``; everything the ack needs is done in-process."""
from __future__ import annotations

import logging
import re

from redis.exceptions import RedisError
from slack_bolt import Ack, App, Respond
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.approvals import APPROVE, REJECT
from bot.intake import Intake, SlashRequest
from bot.messages.acks import queue_unavailable, unexpected_error
from bot.messages.approvals import APPROVE_ACTION, REJECT_ACTION
from bot.settings import Settings

log = logging.getLogger(__name__)


def build_bolt_app(settings: Settings, intake: Intake) -> App:
    """A Bolt app that verifies signatures, answers ``/toggl`` within Slack's 3 s and
    takes the Approve / Reject clicks on approval cards."""

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
        try:
            message = intake.handle(SlashRequest.from_body(body))
        except Exception:  # a bug must still answer Slack, and say nothing happened
            log.exception("slash command failed")
            message = unexpected_error()
        ack(text=message["text"], blocks=message.get("blocks"), response_type=message["response_type"])

    def decision_listener(decision: str):
        def on_click(ack: Ack, body: dict, respond: Respond) -> None:
            ack()
            user_id = (body.get("user") or {}).get("id", "")
            actions = body.get("actions") or [{}]
            ref = str(actions[0].get("value", ""))
            try:
                intake.desk.decide(user_id, ref, decision, body.get("response_url", ""))
            except RedisError as error:
                log.warning("redis unavailable on a decision: %s", error.__class__.__name__)
                respond(**queue_unavailable(), replace_original=False)
        return on_click

    app.action(APPROVE_ACTION)(decision_listener(APPROVE))
    app.action(REJECT_ACTION)(decision_listener(REJECT))
    return app
