"""The result of ``watches``: one line per subscription, in words."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.summaries import event_words
from bot.messages.text import channel_link, esc


def watch_list(subscriptions: list[dict[str, Any]], channels: dict[int, str], allowed: dict[str, Any],
               workspace: dict[str, Any], ref: str) -> Message:
    """``#50001 on, checked — workspace_user (any action) → #ops; 0 failed deliveries``."""
    title = f"*Toggl notifications of {esc(workspace.get('name', 'the workspace'))}* — {len(subscriptions)} — ref {ref}"
    lines = [_line(sub, channels) for sub in subscriptions[:40]] or ["None yet: `/toggl watch workspace_user` "
                                                                      "starts one."]
    notes = []
    if allowed.get("max_webhooks") is not None:
        notes.append(f"Toggl allows {esc(allowed['max_webhooks'])} subscription(s) with up to "
                     f"{esc(allowed.get('max_events_per_webhook', '?'))} events each on this plan.")
    notes.append("`/toggl unwatch &lt;id&gt;` stops one.")
    return ephemeral(title + "\n" + "\n".join(lines), section(title + "\n" + "\n".join(lines)),
                     context(" ".join(notes)))


def _line(sub: dict[str, Any], channels: dict[int, str]) -> str:
    sid = int(sub.get("subscription_id") or 0)
    state = ("on" if sub.get("enabled") else "off") + (", checked" if sub.get("validated_at") else ", not checked yet")
    events = ", ".join(event_words({"entity": f.get("entity", "*"), "action": f.get("action", "*")})
                       for f in sub.get("event_filters") or []) or "no events"
    where = f" → {channel_link(channels[sid])}" if sid in channels else " (not made by this bot)"
    failed = sub.get("failed_delivery_attempts")
    health = f"; {esc(failed)} failed deliveries" if failed else ""
    if sub.get("last_delivery_error"):
        health += f" (last: {esc(sub['last_delivery_error'])})"
    return f"• #{sid} {state} — {events}{where}{health}"
