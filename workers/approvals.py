"""Approval jobs: post the card, show decisions, expire requests, tell a clicker why not."""
from __future__ import annotations

import logging

from rq import get_current_job
from slack_sdk.errors import SlackApiError

from bot.catalogue import Command
from bot.messages.blocks import Message
from bot.refs import Decision, RefRecord, State
from workers import lookups
from workers.messages import approvals as messages
from workers.outcomes import finish, update_card
from workers.services import Services, services_for

log = logging.getLogger(__name__)


def _services() -> Services:
    return services_for(get_current_job().connection)


def post_card(ref: str) -> str:
    """Post the approval card (summary, requester, workspace, expiry, two buttons)."""
    svc = _services()
    record = svc.refs.get(ref)
    if record is None or record.state != State.AWAITING_APPROVAL:
        return "not waiting"
    record.workspace_label = _workspace_label(svc, record)
    channel = record.approval_channel
    try:
        ts = svc.slack.post(channel, messages.card(record))
    except SlackApiError as error:
        reason = error.response.get("error", "error")
        if svc.refs.decide(ref, Decision.FAIL, "").applied:
            finish(svc, record, messages.card_failed(record, channel, reason), State.FAILED)
        return "card failed"
    svc.refs.update(ref, card_channel=channel, card_ts=ts, workspace_label=record.workspace_label)
    fresh = svc.refs.get(ref) or record
    if fresh.state != State.AWAITING_APPROVAL:  # decided while the card was on its way
        update_card(svc, fresh)
    return "posted"


def after_decision(ref: str) -> str:
    """Show the decision on the card; a rejection is the requester's final answer."""
    svc = _services()
    record = svc.refs.get(ref)
    if record is None:
        return "missing"
    update_card(svc, record)
    if record.state == State.REJECTED:
        finish(svc, record, messages.rejected(record), State.REJECTED)
    return record.state


def expire_request(ref: str) -> str:
    """At the end of ``TOGGLBOT_APPROVAL_TTL``: expire the request if nobody decided."""
    svc = _services()
    svc.refs.decide(ref, Decision.EXPIRE, "")
    record = svc.refs.get(ref)
    if record is None or record.state != State.EXPIRED:
        return "decided"
    update_card(svc, record)
    finish(svc, record, messages.expired(record), State.EXPIRED)
    return "expired"


def tell(response_url: str, message: Message) -> None:
    """An ephemeral answer to a click (why it changed nothing)."""
    _services().slack.respond(response_url, message)


def _workspace_label(svc: Services, record: RefRecord) -> str:
    command = Command.from_dict(record.command)
    try:
        wid = lookups.resolve_workspace_id(svc, command.workspace_id)
        return f"{lookups.workspace(svc, wid).get('name')} ({wid})"
    except Exception:  # the card matters more than the name; Toggl may be unreachable
        log.warning("no workspace name for the card of ref %s", record.ref)
        return f"workspace {command.workspace_id or svc.settings.toggl_workspace_id or '(default)'}"
