"""The end of every ref: its one final message, the card's outcome, the audit entry."""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.catalogue import Command
from bot.messages.blocks import Message
from bot.messages.plans import plan_inline
from bot.plans import Plan
from bot.refs import EXECUTED_STATES, RefRecord, State
from workers import home
from workers.audit import AuditLog
from workers.messages import approvals as approval_messages
from workers.services import Services

log = logging.getLogger(__name__)


def finish(svc: Services, record: RefRecord, message: Message, state: State) -> None:
    """Post the ref's one final message (never twice) and record the outcome.

    Commands that went through approval answer the requester by direct
    message (the slash command's response_url is long expired by then).
    """
    ref = record.ref
    outcome = first_line(message)
    svc.refs.update(ref, state=state, detail=outcome[:300])
    if not svc.refs.claim_final(ref):
        log.info("ref %s already has its final message", ref)
        return
    if record.approval and record.card_ts:
        delivered = svc.slack.dm(record.user_id, message)
    else:
        delivered = svc.slack.respond(record.response_url, message, user_id=record.user_id,
                                      channel_id=record.channel_id)
    if not delivered:
        log.error("could not deliver the result of ref %s to Slack", ref)
    fresh = svc.refs.get(ref) or record
    if fresh.plan and state != State.DONE:
        undo_of = Plan.from_dict(fresh.plan).undo_of
        if undo_of:
            svc.refs.release_undo(undo_of, ref)
    change = bool(fresh.command) and Command.from_dict(fresh.command).spec.change
    if state in EXECUTED_STATES:
        if fresh.approval:
            update_card(svc, fresh, outcome)
        if change:
            audit(svc, fresh, outcome)
    home.refresh(svc, record=fresh, desk=change and state in EXECUTED_STATES or fresh.approval)


def update_card(svc: Services, record: RefRecord, outcome: str = "") -> None:
    """Show the decision (and the outcome, once known) on the approval card."""
    if not record.card_ts:
        return
    if not outcome and record.state in EXECUTED_STATES:
        outcome = record.detail  # whichever update comes last shows everything
    try:
        svc.slack.update(record.card_channel, record.card_ts, approval_messages.card_decided(record, outcome))
    except SlackApiError as error:
        log.warning("could not update the card of ref %s: %s", record.ref, error.response.get("error"))


def audit(svc: Services, record: RefRecord, outcome: str) -> None:
    """One entry in the Redis stream and, if configured, one line in the audit channel."""
    plan = Plan.from_dict(record.plan) if record.plan else None
    entry = {"ref": record.ref, "user_id": record.user_id, "action": plan.action if plan else record.action,
             "summary": record.summary, "approved_by": record.decided_by or None,
             "changes": plan_inline(plan) if plan and not plan.changes_nothing else None,
             "outcome": outcome.removesuffix(f" — ref {record.ref}")}
    AuditLog(svc.redis).record(entry)
    channel = svc.settings.notify_channel
    if channel:
        line = approval_messages.audit_line(entry)
        try:
            svc.slack.post(channel, {"text": line})
        except SlackApiError as error:
            log.warning("could not post to the audit channel: %s", error.response.get("error"))


def first_line(message: Message) -> str:
    """The headline of a message (what status and the audit show)."""
    text = message.get("text") or ""
    return text.splitlines()[0] if text else ""
