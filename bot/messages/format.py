"""Small formatters: values in the words people use (money, hours, names, times)."""
from __future__ import annotations

import re
import time
from typing import Any

RATE_TYPE_WORDS = {"billable_rates": "billable rate", "labor_rates": "labor cost"}


def money(amount: Any, currency: str | None) -> str:
    """``85.00 EUR``, or ``—`` when there is no amount."""
    if amount is None or amount == "":
        return "—"
    return f"{float(amount):,.2f} {currency or ''}".strip()


def hours(minutes: Any) -> str:
    """A duration in minutes as people say it: ``7h 30m``, ``8h``, ``45m`` (``—`` for none)."""
    if not minutes:
        return "—"
    whole, rest = divmod(int(minutes), 60)
    return " ".join(part for part in (f"{whole}h" if whole else "", f"{rest}m" if rest else "") if part)


def person_status(person: dict[str, Any]) -> str:
    """active, invited (not joined yet) or deactivated."""
    if person.get("inactive"):
        return "deactivated"
    if person.get("active") is False:
        return "invited"
    return "active"


def person_name(person: dict[str, Any]) -> str:
    """``Cat Coder (cat@acme.test)``."""
    name = person.get("name") or person.get("fullname")
    email = person.get("email")
    return f"{name} ({email})" if name and email else (name or email or f"id:{person.get('id')}")


def clip(text: str, limit: int, *, markup: bool = False) -> str:
    """``text`` in at most ``limit`` characters: a longer one is cut and ends in ``…``. With ``markup``
    (escaped mrkdwn) the cut never splits an escape (``&amp;``) or a Slack link (``<@U123>``): it goes
    before it."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    kept = text[:limit - 1]
    if markup:
        kept = re.sub(r"&[a-z]*$", "", kept)  # a cut escape
        if kept.rfind("<") > kept.rfind(">"):  # a cut link
            kept = kept[:kept.rfind("<")]
    return kept.rstrip() + "…"


def columns(rows: list[list[str]], widths: list[int]) -> list[str]:
    """Rows as aligned monospace lines; a cell longer than its column is cut with ``…``."""
    return ["  ".join(f"{clip(cell, width):<{width}}" for cell, width in zip(row, widths)).rstrip()
            for row in rows]


def fit_widths(rows: list[list[str]], caps: list[int]) -> list[int]:
    """Column widths: the longest cell of each column, at most its cap."""
    return [min(cap, max((len(row[i]) for row in rows), default=0)) for i, cap in enumerate(caps)]


def when(timestamp: float | str | None) -> str:
    """``2026-11-22 14:05 UTC``."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(float(timestamp or 0)))
