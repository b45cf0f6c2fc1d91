"""The web side's approval texts: the ack of a request, refusals, ``approvals``, ``cancel``."""
from __future__ import annotations

from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.common import decision_word
from bot.messages.format import when
from bot.messages.text import mention
from bot.refs import DecisionOutcome, RefRecord, State


def requested(summary: str, ref: str) -> Message:
    """The ack of a command that waits for a second admin."""
    return ephemeral(f"🛂 Approval requested — ref {ref}: {summary}")


REFUSALS = {
    "not_approver": "Only approvers can decide approval requests, and you are not one; "
                    "ask an admin to make you an approver.",
    "own_request": "You can't approve or reject your own request; another approver has to.",
    "not_requester": "Only the person who asked can withdraw this request.",
    "missing": "That approval request no longer exists.",
}


def refusal(reason: str, ref: str) -> Message:
    """Why a click or a ``cancel`` changed nothing (ephemeral)."""
    return ephemeral(f"Nothing changed for ref {ref}: {REFUSALS[reason]}")


def too_late(ref: str, outcome: DecisionOutcome) -> Message:
    """The request was already decided, withdrawn or expired."""
    if outcome.state == State.EXPIRED:
        return ephemeral(f"Nothing changed: ref {ref} expired at {when(outcome.decided_at)}.")
    who = f" by {mention(outcome.decided_by)}" if outcome.decided_by else ""
    return ephemeral(f"Nothing changed: ref {ref} was already {decision_word(outcome.state).lower()}{who} "
                     f"at {when(outcome.decided_at)}.")


def still_planning(ref: str) -> Message:
    """``cancel`` while the worker is still working out the plan (the card is not up yet)."""
    return ephemeral(f"Ref {ref} is still being planned; its card appears in a moment. Try `cancel` again then.")


def cancelled(ref: str, summary: str) -> Message:
    """The ack of ``cancel``."""
    return ephemeral(f"✅ Withdrew approval request ref {ref} ({summary}). Nothing was changed.")


def open_requests(records: list[RefRecord]) -> Message:
    """``approvals``: the open requests, newest first."""
    if not records:
        return ephemeral("No approval requests are waiting.")
    lines = [f"• ref {r.ref}: {r.summary} — asked by {mention(r.user_id)} "
             f"{when(r.created_at)}, expires {when(r.expires_at)}" for r in records[:40]]
    more = [context(f"{len(records) - 40} more not shown.")] if len(records) > 40 else []
    text = f"*Waiting for approval* — {len(records)}\n" + "\n".join(lines)
    return ephemeral(text, section(text), *more)
