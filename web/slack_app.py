"""The Bolt app: listeners for ``/toggl``; everything the ack needs is done in-process."""
from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from typing import Iterator

from redis.exceptions import RedisError
from slack_bolt import Ack, App, BoltResponse, Respond
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.middleware import Middleware
from slack_bolt.request.payload_utils import (
    is_block_actions,
    to_action,
    to_command,
    to_event,
    to_message,
    to_options,
    to_shortcut,
    to_step,
    to_view,
)

from bot.approvals import APPROVE_ACTION, REJECT_ACTION
from bot.refs import Decision
from bot.settings import Settings
from bot.slack_client import web_client
from web.home import add_home_listeners
from web.intake import Intake, SlashRequest
from web.messages.acks import queue_unavailable, unexpected_error
from web.modals import add_modal_listeners

log = logging.getLogger(__name__)


def build_bolt_app(settings: Settings, intake: Intake) -> App:
    """A Bolt app that answers ``/toggl`` within Slack's 3 s, takes the Approve / Reject clicks
    (on cards and App Home), opens and checks the modals, and queues App Home views. Signatures are checked once, by ``/slack/events``
    in app.py, before any body is parsed (Socket Mode needs none)."""

    def authorize(enterprise_id: str | None, team_id: str | None, logger: logging.Logger) -> AuthorizeResult:
        # A single-workspace app: no auth.test round trip on the ack path.
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id,
                               bot_token=settings.slack_bot_token)

    # Bolt copies this client's base URL, timeout and retry handlers into each request's client and
    # takes the token from `authorize`, so the client carries none. Bolt would also read
    # SLACK_BOT_TOKEN from the environment, and then warn that it ignores it: it does not see it.
    with _hidden_from_bolt("SLACK_BOT_TOKEN"):
        app = App(
            signing_secret=settings.slack_signing_secret,
            authorize=authorize,
            client=web_client(settings, token=""),
            process_before_response=True,
            request_verification_enabled=False,  # done in app.py, before Bolt parses the body
            logger=log,
        )

    app.use(RejectMalformed())

    @app.command(re.compile(r"^/toggl"))
    def on_toggl(ack: Ack, body: dict) -> None:
        try:
            message = intake.handle(SlashRequest.from_body(body))
        except Exception:  # a bug must still answer Slack, and say nothing happened
            log.exception("slash command failed")
            message = unexpected_error()
        ack(text=message["text"], blocks=message.get("blocks"), response_type=message["response_type"])

    def decision_listener(decision: Decision):
        def on_click(ack: Ack, body: dict, respond: Respond) -> None:
            ack()
            user = body.get("user")
            user_id = str(user.get("id") or "") if isinstance(user, dict) else ""
            action = to_action(body)
            ref = str(action.get("value") or "") if isinstance(action, dict) else ""
            response_url = body.get("response_url")
            response_url = response_url if isinstance(response_url, str) else ""
            try:
                intake.desk.decide(user_id, ref, decision, response_url)
            except RedisError as error:
                log.warning("redis unavailable on a decision: %s", error.__class__.__name__)
                respond(**queue_unavailable(), replace_original=False)
        return on_click

    app.action(APPROVE_ACTION)(decision_listener(Decision.APPROVE))
    app.action(REJECT_ACTION)(decision_listener(Decision.REJECT))
    add_modal_listeners(app, intake)
    add_home_listeners(app, intake)
    return app


@contextmanager
def _hidden_from_bolt(name: str) -> Iterator[None]:
    """``App()`` falls back to ``os.environ[name]`` for a token it was not given; the bot gives Bolt
    what it needs (from ``bot.settings``), so the variable is out of the environment while Bolt is built
    (once, at start, before any request)."""
    value = os.environ.pop(name, None)
    try:
        yield
    finally:
        if value is not None:
            os.environ[name] = value


class RejectMalformed(Middleware):
    """400 for a (validly signed) body whose parts Bolt cannot read.

    Bolt's listener matching indexes into the payload without checking it
    (``actions[0]["action_id"]``, ``command`` as a string, …) and answers 500
    when a part is missing or of another type; this runs before the listeners.
    """

    EXTRACTORS = (to_options, to_shortcut, to_action, to_view, to_command, to_event, to_message, to_step)

    def process(self, *, req, resp, next):  # Bolt passes these by name
        try:
            for extract in self.EXTRACTORS:
                extract(req.body)
            action = to_action(req.body)
            unmatchable_action = is_block_actions(req.body) and not (
                isinstance(action, dict) and isinstance(action.get("action_id"), str))
            # listeners match these with regular expressions, which fail on anything but a string
            view, options = to_view(req.body) or {}, to_options(req.body) or {}
            names = [req.body.get("command", ""), req.body.get("callback_id", ""),
                     view.get("callback_id", "") if isinstance(view, dict) else None,
                     options.get("action_id", "") if isinstance(options, dict) else None]
            malformed = unmatchable_action or not all(isinstance(name, str) for name in names)
        except (KeyError, IndexError, TypeError, AttributeError):
            malformed = True
        if malformed:
            log.warning("unreadable Slack payload (type %r)", str(req.body.get("type"))[:40])
            return BoltResponse(status=400, body="")
        return next()
