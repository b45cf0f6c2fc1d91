"""The daily digest: the bot's changes of the last day by action, open approvals, Toggl quota left."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from bot.messages.blocks import MAX_BLOCKS, Message, context, pack_lines, section
from bot.messages.format import when
from bot.messages.text import esc, mention
from bot.refs import RefRecord


@dataclass(frozen=True)
class QuotaLeft:
    """One of Toggl's hourly buckets (``organization_id`` None: the token's own ``/me`` bucket)."""

    organization_id: int | None
    remaining: int
    total: int | None
    resets_in: int


def digest(changes: list[dict[str, str]], approvals: list[RefRecord], quota: list[QuotaLeft],
           now: float) -> Message:
    """``*Toggl Ops Bot — the last 24 hours*``, then changes by action with refs, requests, quota."""
    title = f"*Toggl Ops Bot — the 24 hours to {when(now)}*"
    lines = [f"*Changes* — {len(changes)}"] if changes else ["*Changes* — none"]
    by_action: dict[str, list[dict[str, str]]] = defaultdict(list)
    for entry in changes:
        by_action[entry.get("action") or "other"].append(entry)
    for action, entries in sorted(by_action.items()):
        refs = ", ".join(f"ref {esc(e.get('ref'))} ({_outcome(e)})" for e in entries[:20])
        more = f" and {len(entries) - 20} more" if len(entries) > 20 else ""
        lines.append(f"• `{esc(action)}` × {len(entries)}: {refs}{more}")
    lines.append(f"*Waiting for approval* — {len(approvals) or 'none'}")
    lines += [f"• ref {r.ref}: {r.summary} — asked by {mention(r.user_id)}, expires {when(r.expires_at)}"
              for r in approvals[:20]]
    lines.append("*Toggl requests left this hour*")
    lines += [f"• {bucket_words(q)}: {left_words(q)}" for q in quota] or ["• Toggl said nothing yet today."]
    blocks, left_out = pack_lines(lines, MAX_BLOCKS - 2)
    extra = [context(f"{left_out} more lines not shown; `/toggl status &lt;ref&gt;` shows one.")] if left_out else []
    return {"text": title + "\n" + "\n".join(lines[:30]), "blocks": [section(title), *blocks, *extra]}


def _outcome(entry: dict[str, Any]) -> str:
    outcome = entry.get("outcome") or ""
    return "done" if outcome.startswith("✅") else "failed" if outcome.startswith("❌") else "other"


def bucket_words(quota: QuotaLeft) -> str:
    """Which hourly bucket: an organization's, or the token's own ``/me`` one."""
    if quota.organization_id is None:
        return "the bot's profile requests (`/me`)"
    return f"organization {quota.organization_id}"


def left_words(quota: QuotaLeft) -> str:
    """``12 of 30 left, resets in 41 min``."""
    left = f"{max(quota.remaining, 0)} of {quota.total}" if quota.total else f"{max(quota.remaining, 0)}"
    return f"{left} left, resets in {max(1, round(quota.resets_in / 60))} min"
