"""Approval cards, decisions, refusals, the ``approvals`` list and audit lines."""
from __future__ import annotations

import time
from typing import Any

from bot.messages.blocks import Message, context, ephemeral, section

APPROVE_ACTION = "approval_approve"
REJECT_ACTION = "approval_reject"
DECISION_WORDS = {"queued": "Approved", "running": "Approved", "done": "Approved", "failed": "Approved",
                  "rejected": "Rejected", "expired": "Expired", "cancelled": "Withdrawn"}


def when(timestamp: float | str | None) -> str:
    """``2026-11-22 14:05 UTC``."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(float(timestamp or 0)))


def requested(summary: str, ref: str) -> Message:
    """The ack of a command that waits for a second admin."""
    return ephemeral(f"🛂 Approval requested — ref {ref}: {summary}")


def _facts(record: dict[str, Any]) -> str:
    workspace = record.get("workspace_label") or "the default workspace"
    return (f"*Who:* <@{record['user_id']}>\n*What:* {record.get('summary')}\n"
            f"*Workspace:* {workspace}\n*Expires:* {when(record.get('expires_at'))}")


def card(record: dict[str, Any]) -> Message:
    """The card with Approve (confirm dialog) and Reject buttons; the ref is their value."""
    ref = record["ref"]
    title = f"🛂 *Approval needed* — ref {ref}"
    buttons = {"type": "actions", "block_id": f"approval-{ref}", "elements": [
        {"type": "button", "action_id": APPROVE_ACTION, "style": "primary", "value": ref,
         "text": {"type": "plain_text", "text": "Approve"},
         "confirm": {"title": {"type": "plain_text", "text": "Approve this change?"},
                     "text": {"type": "mrkdwn", "text": record.get("summary", "")[:300]},
                     "confirm": {"type": "plain_text", "text": "Approve"},
                     "deny": {"type": "plain_text", "text": "Cancel"}}},
        {"type": "button", "action_id": REJECT_ACTION, "style": "danger", "value": ref,
         "text": {"type": "plain_text", "text": "Reject"}},
    ]}
    return {"text": f"Approval needed — ref {ref}: {record.get('summary')} (asked by <@{record['user_id']}>)",
            "blocks": [section(title), section(_facts(record)), buttons,
                       context("Anyone in TOGGLBOT_APPROVERS except the requester can decide.")]}


def card_decided(record: dict[str, Any], outcome: str = "") -> Message:
    """The card after a decision: who decided and when, later the outcome; no buttons."""
    ref = record["ref"]
    state = record.get("state", "")
    word = DECISION_WORDS.get(state, state)
    decided = f"{word} by <@{record['decided_by']}>" if record.get("decided_by") else word
    line = f"{decided} at {when(record.get('decided_at') or record.get('updated_at'))}"
    if state in ("queued", "running") and not outcome:
        line += " — running…"
    blocks = [section(f"🛂 *Approval request* — ref {ref}"), section(_facts(record)), section(f"*{line}*")]
    if outcome:
        blocks.append(section(f"*Outcome:* {outcome}"))
    return {"text": f"Approval request ref {ref}: {line}", "blocks": blocks}


REFUSALS = {
    "not_approver": "You are not in TOGGLBOT_APPROVERS, so you can't decide approval requests.",
    "own_request": "You can't approve or reject your own request; another approver has to.",
    "not_requester": "Only the person who asked can withdraw this request.",
    "missing": "That approval request no longer exists.",
}


def refusal(reason: str, ref: str) -> Message:
    """Why a click or a ``cancel`` changed nothing (ephemeral)."""
    return ephemeral(f"Nothing changed for ref {ref}: {REFUSALS[reason]}")


def too_late(ref: str, state: str, by: str, at: float) -> Message:
    """The request was already decided, withdrawn or expired."""
    if state == "expired":
        text = f"Nothing changed: ref {ref} expired at {when(at)}."
    else:
        who = f" by <@{by}>" if by else ""
        text = f"Nothing changed: ref {ref} was already {DECISION_WORDS.get(state, state).lower()}{who} at {when(at)}."
    return ephemeral(text)


def rejected(record: dict[str, Any]) -> Message:
    """The requester's final message when a request is rejected."""
    return ephemeral(f"❌ Your request ref {record['ref']} ({record.get('summary')}) was rejected by "
                     f"<@{record.get('decided_by')}>. Nothing was changed.")


def expired(record: dict[str, Any]) -> Message:
    """The requester's final message when nobody decided in time."""
    return ephemeral(f"❌ Your request ref {record['ref']} ({record.get('summary')}) expired without "
                     "a decision. Nothing was changed; ask again if it is still needed.")


def card_failed(record: dict[str, Any], channel: str, reason: str) -> Message:
    """The card could not be posted, so nobody can approve: the requester's final answer."""
    return ephemeral(f"❌ Could not post the approval card for ref {record['ref']} "
                     f"({record.get('summary')}) to <#{channel}>: Slack said `{reason}`. Invite the bot "
                     "to that channel or set TOGGLBOT_APPROVAL_CHANNEL. Nothing was changed.")


def cancelled(ref: str, summary: str) -> Message:
    """The ack of ``cancel``."""
    return ephemeral(f"✅ Withdrew approval request ref {ref} ({summary}). Nothing was changed.")


def open_requests(records: list[dict[str, Any]]) -> Message:
    """``approvals``: the open requests, newest first."""
    if not records:
        return ephemeral("No approval requests are waiting.")
    lines = [f"• ref {r['ref']}: {r.get('summary')} — asked by <@{r['user_id']}> "
             f"{when(r.get('created_at'))}, expires {when(r.get('expires_at'))}" for r in records[:40]]
    more = [context(f"{len(records) - 40} more not shown.")] if len(records) > 40 else []
    text = f"*Waiting for approval* — {len(records)}\n" + "\n".join(lines)
    return ephemeral(text, section(text), *more)


def audit_line(entry: dict[str, Any]) -> str:
    """One line of the audit feed: who, what, approved by whom, outcome."""
    approved = f", approved by <@{entry['approved_by']}>" if entry.get("approved_by") else ""
    return (f"📝 <@{entry['user_id']}> {entry['summary']}{approved} — {entry['outcome']} "
            f"(ref {entry['ref']})")
