"""Approval cards and their updates, the requester's final notices, audit lines."""
from __future__ import annotations

from typing import Any

from bot.approvals import APPROVE_ACTION, REJECT_ACTION
from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.common import decision_word
from bot.messages.format import when
from bot.messages.plans import plan_lines
from bot.messages.text import channel_link, esc, mention
from bot.plans import Plan
from bot.refs import RefRecord, State


def _facts(record: RefRecord) -> str:
    workspace = esc(record.workspace_label) or "the default workspace"
    facts = (f"*Who:* {mention(record.user_id)}\n*What:* {record.summary}\n"
             f"*Workspace:* {workspace}\n*Expires:* {when(record.expires_at)}")
    if record.plan:
        facts += "\n*The plan:*\n" + "\n".join(plan_lines(Plan.from_dict(record.plan)))
    return facts


def card(record: RefRecord) -> Message:
    """The card with Approve (confirm dialog) and Reject buttons; the ref is their value."""
    ref = record.ref
    title = f"🛂 *Approval needed* — ref {ref}"
    buttons = {"type": "actions", "block_id": f"approval-{ref}", "elements": [
        {"type": "button", "action_id": APPROVE_ACTION, "style": "primary", "value": ref,
         "text": {"type": "plain_text", "text": "Approve"},
         "confirm": {"title": {"type": "plain_text", "text": "Approve this change?"},
                     "text": {"type": "mrkdwn", "text": record.summary[:300]},
                     "confirm": {"type": "plain_text", "text": "Approve"},
                     "deny": {"type": "plain_text", "text": "Cancel"}}},
        {"type": "button", "action_id": REJECT_ACTION, "style": "danger", "value": ref,
         "text": {"type": "plain_text", "text": "Reject"}},
    ]}
    return {"text": f"Approval needed — ref {ref}: {record.summary} (asked by {mention(record.user_id)})",
            "blocks": [section(title), section(_facts(record)), buttons,
                       context("Anyone in TOGGLBOT_APPROVERS except the requester can decide.")]}


def card_decided(record: RefRecord, outcome: str = "") -> Message:
    """The card after a decision: who decided and when, later the outcome; no buttons."""
    word = decision_word(record.state)
    decided = f"{word} by {mention(record.decided_by)}" if record.decided_by else word
    line = f"{decided} at {when(record.decided_at or record.updated_at)}"
    if record.state in (State.QUEUED, State.RUNNING) and not outcome:
        line += " — running…"
    blocks = [section(f"🛂 *Approval request* — ref {record.ref}"), section(_facts(record)),
              section(f"*{line}*")]
    if outcome:
        blocks.append(section(f"*Outcome:* {outcome}"))
    return {"text": f"Approval request ref {record.ref}: {line}", "blocks": blocks}


def rejected(record: RefRecord) -> Message:
    """The requester's final message when a request is rejected."""
    return ephemeral(f"❌ Your request ref {record.ref} ({record.summary}) was rejected by "
                     f"{mention(record.decided_by)}. Nothing was changed.")


def expired(record: RefRecord) -> Message:
    """The requester's final message when nobody decided in time."""
    return ephemeral(f"❌ Your request ref {record.ref} ({record.summary}) expired without "
                     "a decision. Nothing was changed; ask again if it is still needed.")


def card_failed(record: RefRecord, channel: str, reason: str) -> Message:
    """The card could not be posted, so nobody can approve: the requester's final answer."""
    return ephemeral(f"❌ Could not post the approval card for ref {record.ref} "
                     f"({record.summary}) to {channel_link(channel)}: Slack said `{esc(reason)}`. Invite the bot "
                     "to that channel or set TOGGLBOT_APPROVAL_CHANNEL. Nothing was changed.")


def audit_line(entry: dict[str, Any]) -> str:
    """One line of the audit feed: who, what (before → after), approved by whom, outcome."""
    approved = f", approved by {mention(entry['approved_by'])}" if entry.get("approved_by") else ""
    changes = f" [{entry['changes']}]" if entry.get("changes") else ""
    return (f"📝 {mention(entry['user_id'])} {entry['summary']}{changes}{approved} — {entry['outcome']} "
            f"(ref {entry['ref']})")
