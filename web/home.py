"""App Home (SPEC §15): ``app_home_opened`` queues the person's Home view; its Undo button runs
``undo <ref>`` through the typed command's path.

The view itself is built and published by a worker (``workers.home``): it
reads plans, the audit log and the quota book, which the web process does
not. The people who opened their Home are remembered, so the worker refreshes
only views someone looks at.
"""
from __future__ import annotations

import logging
import uuid

from redis.exceptions import RedisError
from slack_bolt import Ack, App

from bot.home import CHANGE_UNDO, remember_viewer
from bot.jobqueue import PUBLISH_HOMES, TELL_USER, enqueue_task
from bot.parser import parse
from bot.parsing.problems import UsageError
from web.intake import Intake, SlashRequest
from web.messages import acks

log = logging.getLogger(__name__)


def add_home_listeners(app: App, intake: Intake) -> None:
    """``app_home_opened`` and the Home tab's Undo button."""

    @app.event("app_home_opened")
    def on_home_opened(event: dict) -> None:
        user_id = str(event.get("user") or "")
        if event.get("tab") != "home" or not user_id:
            return
        try:
            remember_viewer(intake.redis, user_id)
            enqueue_task(intake.queue, PUBLISH_HOMES, [user_id])
        except RedisError as error:
            log.warning("could not queue a Home view: %s", error.__class__.__name__)

    @app.action(CHANGE_UNDO)
    def on_undo(ack: Ack, body: dict) -> None:
        ack()
        user = body.get("user") if isinstance(body.get("user"), dict) else {}
        user_id = str(user.get("id") or "")
        action = (body.get("actions") or [{}])[0]
        ref = str(action.get("value") or "")
        request = SlashRequest(user_id=user_id, channel_id="", team_id=str((body.get("team") or {}).get("id") or ""),
                               trigger_id=str(body.get("trigger_id") or f"missing-{uuid.uuid4()}"),
                               response_url="", text=f"undo {ref}", user_name=str(user.get("username") or ""),
                               source="home")
        try:
            answer = intake.run(request, parse(request.text))
        except UsageError as error:
            answer = acks.usage_error(error)
        try:
            if not answer.get("text", "").startswith(("⏳", "🛂")):
                enqueue_task(intake.queue, TELL_USER, user_id, answer)  # why nothing happened
            enqueue_task(intake.queue, PUBLISH_HOMES, [user_id])
        except RedisError as error:
            log.warning("could not queue the answer to an Undo click: %s", error.__class__.__name__)
