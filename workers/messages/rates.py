"""Results of ``rate show``."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.messages.blocks import MAX_BLOCKS, Message, context, ephemeral, pack_lines, section
from bot.messages.format import RATE_TYPE_WORDS, money
from bot.messages.text import esc
from toggl.rates import current_rate, started


def rate_history(label: str, rate_type: str, rates: list[dict[str, Any]], currency: str | None,
                 ref: str) -> Message:
    """The current rate and its history, newest first."""
    title = f"*{RATE_TYPE_WORDS[rate_type].capitalize()} of {esc(label)}* — ref {ref}"
    live = [r for r in rates if not r.get("deleted_at")]
    if not live:
        return ephemeral(f"{title}\nNo rate of its own is set (the workspace or project rate applies).")
    live.sort(key=lambda r: r.get("start") or "", reverse=True)
    now = datetime.now(timezone.utc)
    current = current_rate(live, now)
    lines = [esc(f"{money(r.get('amount'), currency):>14}  {_day(r.get('start'))} → "
                 + (_day(r.get("end")) or ("now" if started(r, now) else "…"))
                 + _mark(r, current, now)) for r in live]
    blocks, left_out = pack_lines(lines, MAX_BLOCKS - 3, monospace=True)
    headline = f"Now: *{money(current.get('amount'), currency)}*" if current else "No current rate."
    extra = [context(f"{left_out} older rates not shown.")] if left_out else []
    return ephemeral(f"{title}\n{headline}", section(title), section(headline), *blocks, *extra)


def _mark(rate: dict[str, Any], current: dict[str, Any] | None, now: datetime) -> str:
    if rate is current:
        return "   ← current"
    return "" if started(rate, now) else "   ← scheduled"


def _day(stamp: Any) -> str:
    return str(stamp)[:10] if stamp else ""
