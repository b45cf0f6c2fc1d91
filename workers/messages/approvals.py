"""Approval cards and their updates, the requester's final notices, audit lines."""
from __future__ import annotations

from typing import Any

from bot.approvals import APPROVE_ACTION, REJECT_ACTION
from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.common import decision_word
from bot.messages.format import clip, when
from bot.messages.plans import plan_lines, what_changed
from bot.messages.text import channel_link, esc, mention
from bot.plans import Plan
from bot.refs import Decision, RefRecord, State


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
                     "text": {"type": "mrkdwn", "text": clip(record.summary, 300, markup=True)},
                     "confirm": {"type": "plain_text", "text": "Approve"},
                     "deny": {"type": "plain_text", "text": "Cancel"}}},
        {"type": "button", "action_id": REJECT_ACTION, "style": "danger", "value": ref,
         "text": {"type": "plain_text", "text": "Reject"}},
    ]}
    return {"text": f"Approval needed — ref {ref}: {record.summary} (asked by {mention(record.user_id)})",
            "blocks": [section(title), section(_facts(record)), buttons,
                       context("Any of the bot's approvers except the requester can decide.")]}


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


# Slack's reasons for refusing to post (chat.postMessage errors), in a person's words.
CARD_REFUSALS = {"not_in_channel": "the bot is not in that channel",
                 "channel_not_found": "the bot cannot see that channel (is it private?)",
                 "is_archived": "that channel is archived"}


def card_failed(record: RefRecord, channel: str, reason: str) -> Message:
    """The card could not be posted, so nobody can approve: the requester's final answer."""
    why = CARD_REFUSALS.get(reason) or f"Slack refused it ({esc(reason)})"
    return ephemeral(f"❌ Could not post the approval card for ref {record.ref} "
                     f"({record.summary}) to {channel_link(channel)}: {why}. Invite the bot to "
                     f"{channel_link(channel)}, or ask whoever runs the bot to choose another approval channel. "
                     "Nothing was changed.")


def card_failed_reason(reason: str) -> str:
    """Why a request whose card could not be posted failed, in a few words (``status``, the audit feed)."""
    return "no approval card: " + (CARD_REFUSALS.get(reason) or f"Slack refused it ({esc(reason)})")


def audit_line(entry: dict[str, Any]) -> str:
    """One line of the audit feed for an executed change: who, what changed (the plan on one line, or
    the summary when there is no plan), who approved it, the outcome (with a failure's reason), the ref.

    ``📝 @ann · Cat Coder (cat@acme.test): billable rate 45.00 → 85.00 EUR · ✅ done (ref k3xq2a)``
    """
    what = what_changed(entry.get("changes") or "", entry.get("summary") or "", entry.get("undo_of") or "")
    approved = f" · approved by {mention(entry['approved_by'])}" if entry.get("approved_by") else ""
    if entry.get("state") == State.FAILED or str(entry.get("outcome", "")).startswith("❌"):
        outcome = f"❌ failed: {entry['reason']}" if entry.get("reason") else "❌ failed"
    elif entry.get("unchanged"):
        outcome = "✅ nothing to change (Toggl already was as asked)"
    else:
        outcome = f"✅ done, {entry['created']}" if entry.get("created") else "✅ done"
    return f"📝 {mention(entry['user_id'])} · {what}{approved} · {outcome} (ref {entry['ref']})"


def decision_line(record: RefRecord) -> str:
    """One line of the audit feed for an approval decision (approved or rejected):
    ``🛂 @bob approved ref k3xq2a (@ann's remove dan@acme.test from the workspace)``."""
    verb = "rejected" if record.decision == Decision.REJECT else "approved"
    return (f"🛂 {mention(record.decided_by)} {verb} ref {record.ref} "
            f"({mention(record.user_id)}'s {record.summary})")
