"""The end of every ref: its one final message, the card's outcome, the audit entry."""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.catalogue import Command
from bot.messages.blocks import Message
from bot.messages.format import clip
from bot.messages.plans import plan_inline
from bot.plans import Plan
from bot.refs import EXECUTED_STATES, RECORD_TTL, Decision, RefRecord, State
from workers import home
from workers.audit import AuditLog
from workers.messages import approvals as approval_messages
from workers.messages import changes as change_messages
from workers.messages import failures
from workers.services import Services

log = logging.getLogger(__name__)
DECISION_POSTED = "togglbot:audit:decision-posted:"  # + ref: its decision line is in the audit channel


def finish(svc: Services, record: RefRecord, message: Message, state: State, reason: str = "") -> None:
    """Post the ref's one final message (never twice) and record the outcome.

    Commands that went through approval answer the requester by direct
    message (the slash command's response_url is long expired by then).
    ``reason`` is a failure's reason in plain words (the lines under the
    ``❌`` headline when not given); status and the audit keep it in brief.
    """
    ref = record.ref
    outcome = first_line(message)
    fields = {"detail": clip(outcome, 300, markup=True)}
    if state == State.FAILED:
        fields["reason"] = failures.brief(reason or _body(message))
    svc.refs.update(ref, state=state, **fields)
    if not svc.refs.claim_final(ref):
        log.info("ref %s already has its final message", ref)
        return
    metrics.command_finished((record.command or {}).get("name", ""), state)
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
            audit_decision(svc, fresh)  # the approval comes first in the feed, whichever job posts it
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
    """An executed change (done or failed): one entry in the Redis stream and, if configured, one
    line in the audit channel."""
    plan = Plan.from_dict(record.plan) if record.plan else None
    failed = record.state == State.FAILED
    results = {key: (mark or {}).get("result") for key, mark in (record.progress or {}).items()}
    entry = {"ref": record.ref, "user_id": record.user_id, "action": plan.action if plan else record.action,
             "summary": record.summary, "approved_by": record.decided_by or None,
             "changes": plan_inline(plan) if plan and not plan.changes_nothing else None,
             "undo_of": plan.undo_of if plan and plan.undo_of else None,
             "state": str(record.state), "outcome": outcome.removesuffix(f" — ref {record.ref}"),
             "reason": record.reason if failed and record.reason else None,
             "unchanged": "yes" if plan and plan.changes_nothing and not failed else None,
             "created": (change_messages.new_id(plan, results) or None) if plan and not failed else None}
    AuditLog(svc.redis).record(entry)
    _post_audit(svc, approval_messages.audit_line(entry))


def audit_decision(svc: Services, record: RefRecord) -> None:
    """An approval request approved or rejected: one line in the audit channel, once (the decision's
    job and the change's end both ask, so it comes before the change's line). Nothing for requests
    that expired or were withdrawn: nobody decided them."""
    if record.decision not in (Decision.APPROVE, Decision.REJECT) or not record.decided_by:
        return
    if not svc.settings.notify_channel:
        return
    if svc.redis.set(DECISION_POSTED + record.ref, "1", nx=True, ex=RECORD_TTL):
        _post_audit(svc, approval_messages.decision_line(record))


def _post_audit(svc: Services, line: str) -> None:
    channel = svc.settings.notify_channel
    if not channel:
        return
    try:
        svc.slack.post(channel, {"text": line})
    except SlackApiError as error:
        log.warning("could not post to the audit channel: %s", error.response.get("error"))


def first_line(message: Message) -> str:
    """The headline of a message (what status and the audit show)."""
    text = message.get("text") or ""
    return text.splitlines()[0] if text else ""


def _body(message: Message) -> str:
    """What a ``❌`` message says under its headline (its reason), or the headline without ``❌``."""
    lines = (message.get("text") or "").splitlines()
    return "\n".join(lines[1:]) or (lines[0].removeprefix("❌").strip() if lines else "")
