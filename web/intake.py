"""The slash-command path: parse, check, answer or queue — fast, inside Slack's 3 s."""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from bot import approvals, metrics, permissions
from bot.catalogue import Command, CommandSpec
from bot.jobqueue import enqueue_command
from bot.logs import log_context, log_fields
from bot.messages.blocks import Message
from bot.parser import ParsedCommand, parse
from bot.parsing.problems import UsageError
from bot.refs import RefRecord, RefStore
from bot.settings import Settings
from bot.tokens import TokenStore, TokenUnreadable
from web.answers import ANSWERS
from web.approval_desk import ApprovalDesk
from web.messages import acks
from web.messages import approvals as approval_messages

log = logging.getLogger(__name__)


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
    source: str = "slash"  # or "modal", "home": where the command came from

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
        self.tokens = TokenStore(redis, settings.secret_keys)
        self.queue = queue
        self.desk = ApprovalDesk(settings, queue, self.refs)

    def handle(self, request: SlashRequest) -> Message:
        """The ack for ``request`` (never raises for bad input or a dead Redis)."""
        with metrics.ACK_SECONDS.time():
            try:
                parsed = parse(request.text)
            except UsageError as error:
                metrics.command_acked(error.command or "unknown", metrics.INVALID)
                log.info("user mistake: not a valid command (%s)", error.command or "no command",
                         extra={"user_id": request.user_id})  # never the text: it may hold a pasted token
                return acks.usage_error(error)
            return self.run(request, parsed)

    def run(self, request: SlashRequest, parsed: ParsedCommand) -> Message:
        """Check, then answer or queue a parsed command: the one path of typed commands, modal
        submissions and buttons that run a command (App Home's Undo). Counted by outcome."""
        try:
            with log_context(action=parsed.command.action or parsed.command.name, user_id=request.user_id):
                outcome, message = self._ack(request, parsed)
        except Exception:
            metrics.command_acked(parsed.command.name, metrics.ERROR)
            raise
        metrics.command_acked(parsed.command.name, outcome)
        return message

    def _ack(self, request: SlashRequest, parsed: ParsedCommand) -> tuple[str, Message]:
        spec = parsed.command.spec
        acting = Command.from_dict(parsed.command.args["command"]) if spec.wraps else parsed.command
        if not permissions.may_run(request.user_id, acting.spec, self.settings):
            log.info("user mistake: refused, %s is not for this user", acting.name)
            return metrics.REFUSED, acks.refused(acting.spec)
        if acting.workspace_id and acting.workspace_id not in self.settings.workspaces:
            log.info("user mistake: refused, workspace %s is not in TOGGLBOT_WORKSPACES", acting.workspace_id)
            return metrics.REFUSED, acks.workspace_not_allowed(acting.workspace_id)
        try:
            if not spec.queued:
                return metrics.ANSWERED, ANSWERS[spec.name](self, request, parsed.command)
            missing = self._missing_setup(request, acting.spec)
            return (metrics.SETUP_MISSING, missing) if missing else self._enqueue(request, parsed)
        except RedisError as error:
            log.warning("redis unavailable while acking: %s", error.__class__.__name__)
            return metrics.UNAVAILABLE, acks.queue_unavailable()

    def _missing_setup(self, request: SlashRequest, spec: CommandSpec) -> Message | None:
        if spec.secret and not self.tokens.available:
            log.warning("setup missing: TOGGLBOT_SECRET_KEY is not set, so tokens cannot be stored")
            return acks.not_configured("linking Toggl accounts")
        if spec.personal and not spec.secret:
            try:
                if self.tokens.get(request.user_id) is None:
                    return acks.not_connected()
            except TokenUnreadable:
                return acks.token_lost()
        if not spec.personal and not self.settings.toggl_api_token:
            log.warning("setup missing: TOGGL_API_TOKEN (the Toggl admin token) is not set")
            return acks.not_configured("workspace commands")
        return None

    def _enqueue(self, request: SlashRequest, parsed: ParsedCommand) -> tuple[str, Message]:
        ref, new = self.refs.claim(request.trigger_id)
        log_fields(ref=ref)
        if not new:
            earlier = self.refs.get(ref)
            return metrics.DUPLICATE, acks.duplicate(ref, earlier.state if earlier else "queued")
        command = parsed.command
        record = RefRecord(ref=ref, trigger_id=request.trigger_id, user_id=request.user_id,
                           user_name=request.user_name, channel_id=request.channel_id,
                           team_id=request.team_id, response_url=request.response_url,
                           command=command.to_dict(), summary=command.summary,
                           action=command.action or command.name)
        if approvals.needs_approval(command.action, self.settings):
            # The worker plans it first; the card with the plan follows.
            record.approval = True
            record.expires_at = time.time() + self.settings.approval_ttl
            record.approval_channel = self.settings.approval_channel or request.channel_id
        try:
            if parsed.secret is not None:
                self.tokens.hold_pending(ref, parsed.secret.value)
            with self.redis.pipeline() as pipe:  # job and record in one transaction, one round trip
                enqueue_command(self.queue, ref, command.to_dict(), pipeline=pipe)  # RQ starts the MULTI
                self.refs.create(record, pipe)
                pipe.execute()
        except Exception:
            self.refs.discard(ref)
            raise
        if record.approval:
            return metrics.APPROVAL_REQUESTED, approval_messages.requested(record.summary, ref)
        if parsed.secret is not None and request.source == "slash":
            return metrics.QUEUED, acks.queued_secret_typed(record.summary, ref)
        return metrics.QUEUED, acks.queued(record.summary, ref)
