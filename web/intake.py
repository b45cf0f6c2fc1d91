"""The slash-command path: parse, check, answer or queue — fast, inside Slack's 3 s."""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from bot import approvals, permissions
from web.approval_desk import ApprovalDesk
from bot.commands import CATALOG, Command, Parsed, UsageError
from bot.jobqueue import enqueue_command
from web.messages import acks
from web.messages import approvals as approval_messages
from bot.messages.blocks import Message
from bot.messages.summaries import summarize
from bot.parser import parse
from bot.refs import RefStore
from bot.settings import Settings
from bot.token_store import TokenStore

log = logging.getLogger(__name__)
PERSONAL = frozenset({"me", "profile.set"})


@dataclass(frozen=True)
class SlashRequest:
    """The fields of a slash command the bot uses."""

    user_id: str
    channel_id: str
    team_id: str
    trigger_id: str
    response_url: str
    text: str
    user_name: str = ""

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> "SlashRequest":
        """Read Slack's form fields (as parsed by Bolt)."""
        return cls(user_id=body.get("user_id", ""), channel_id=body.get("channel_id", ""),
                   team_id=body.get("team_id", ""),
                   trigger_id=body.get("trigger_id") or f"missing-{uuid.uuid4()}",
                   response_url=body.get("response_url", ""), text=body.get("text", ""),
                   user_name=body.get("user_name", ""))


class Intake:
    """Turns one slash command into the ack message, queueing a job when needed."""

    def __init__(self, settings: Settings, redis: Redis, queue: Queue):
        self.settings = settings
        self.redis = redis
        self.refs = RefStore(redis)
        self.tokens = TokenStore(redis, settings.secret_key)
        self.queue = queue
        self.desk = ApprovalDesk(settings, redis, queue, self.refs)

    def handle(self, request: SlashRequest) -> Message:
        """The ack for ``request`` (never raises for bad input or a dead Redis)."""
        try:
            parsed = parse(request.text)
        except UsageError as error:
            return acks.usage_error(error)
        command = parsed.command
        if not permissions.may_run(request.user_id, command.spec, self.settings):
            return acks.refused(command.spec)
        try:
            if not command.spec.queued:
                return self._answer_now(request, command)
            missing = self._missing_setup(request, command)
            if missing:
                return missing
            return self._enqueue(request, parsed)
        except RedisError as error:
            log.warning("redis unavailable while acking: %s", error.__class__.__name__)
            return acks.queue_unavailable()

    def _answer_now(self, request: SlashRequest, command: Command) -> Message:
        if command.name == "help":
            visible = permissions.visible_commands(request.user_id, self.settings)
            topic = CATALOG.get(command.args.get("topic", ""))
            return acks.help_text(visible, topic)
        if command.name == "disconnect":
            return acks.disconnected(self.tokens.forget(request.user_id))
        if command.name == "status":
            return self._status(request, command.args.get("ref"))
        if command.name == "cancel":
            return self.desk.cancel(request.user_id, command.args["ref"])
        if command.name == "approvals":
            return approval_messages.open_requests(self.desk.waiting())
        raise AssertionError(f"{command.name} is not answered in the ack")

    def _status(self, request: SlashRequest, ref: str | None) -> Message:
        if ref is None:
            return acks.status_list(self.refs.recent_for(request.user_id))
        record = self.refs.get(ref)
        if record is None or not self._may_see(request.user_id, record):
            return acks.unknown_ref(ref)
        return acks.status(record)

    def _may_see(self, user_id: str, record: dict) -> bool:
        return record.get("user_id") == user_id or permissions.is_admin(user_id, self.settings)

    def _missing_setup(self, request: SlashRequest, command: Command) -> Message | None:
        if command.name == "connect" and not self.tokens.available:
            return acks.not_configured("TOGGLBOT_SECRET_KEY is not set, so tokens cannot be stored")
        if command.name in PERSONAL and self.tokens.get(request.user_id) is None:
            return acks.not_connected()
        if command.spec.admin_only and not self.settings.toggl_api_token:
            return acks.not_configured("TOGGL_API_TOKEN (the Toggl admin token) is not set")
        return None

    def _enqueue(self, request: SlashRequest, parsed: Parsed) -> Message:
        ref, new = self.refs.claim(request.trigger_id)
        if not new:
            record = self.refs.get(ref) or {}
            return acks.duplicate(ref, record.get("state", "queued"))
        command = parsed.command
        summary = summarize(command)
        record = {
            "user_id": request.user_id, "user_name": request.user_name,
            "channel_id": request.channel_id, "team_id": request.team_id,
            "response_url": request.response_url, "command": command.to_dict(),
            "summary": summary, "action": command.action or command.name, "state": "queued",
        }
        try:
            if parsed.secret is not None:
                self.tokens.hold_pending(ref, parsed.secret.value)
            if approvals.needs_approval(command, self.settings):
                return self.desk.open(ref, record)
            with self.redis.pipeline() as pipe:  # job and record in one transaction, one round trip
                enqueue_command(self.queue, ref, command.to_dict(), pipeline=pipe)  # RQ starts the MULTI
                self.refs.create(ref, record, pipe)
                pipe.execute()
        except Exception:
            self.refs.discard(ref)
            raise
        return acks.queued(summary, ref)
