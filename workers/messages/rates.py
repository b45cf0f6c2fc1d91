"""Results of ``rate set`` and ``rate show``."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.messages.blocks import MAX_BLOCKS, Message, context, ephemeral, in_channel, pack_lines, section
from bot.messages.format import RATE_TYPE_WORDS, money
from toggl.rates import current_rate, started

MODE_WORDS = {
    "start-today": "from today on",
    "override-current": "from the start of the current rate, so recent time entries are recalculated",
    "override-all": "for all time, so every past time entry is recalculated",
}


def rate_set(label: str, command_args: dict[str, Any], currency: str | None, ref: str) -> Message:
    """A rate was created."""
    when = (f"from {command_args['start']} on" if command_args.get("start")
            else MODE_WORDS[command_args.get("mode", "start-today")])
    what = RATE_TYPE_WORDS[command_args["type"]].capitalize()
    return in_channel(f"✅ {what} of {label} set to {money(command_args['amount'], currency)}, "
                      f"{when} — ref {ref}")


def rate_history(label: str, rate_type: str, rates: list[dict[str, Any]], currency: str | None,
                 ref: str) -> Message:
    """The current rate and its history, newest first."""
    title = f"*{RATE_TYPE_WORDS[rate_type].capitalize()} of {label}* — ref {ref}"
    live = [r for r in rates if not r.get("deleted_at")]
    if not live:
        return ephemeral(f"{title}\nNo rate of its own is set (the workspace or project rate applies).")
    live.sort(key=lambda r: r.get("start") or "", reverse=True)
    now = datetime.now(timezone.utc)
    current = current_rate(live, now)
    lines = [f"{money(r.get('amount'), currency):>14}  {_day(r.get('start'))} → "
             + (_day(r.get("end")) or ("now" if started(r, now) else "…"))
             + _mark(r, current, now) for r in live]
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
