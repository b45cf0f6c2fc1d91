"""Results of ``connect`` and ``me`` (only their owner sees them)."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, ephemeral, fields_section, section
from bot.messages.text import esc
from bot.messages.values import value_words


def connected(me: dict[str, Any], ref: str) -> Message:
    """``connect`` succeeded (kept private: it is about a credential)."""
    return ephemeral(f"✅ Connected to Toggl as {esc(me.get('fullname') or '?')} ({esc(me.get('email'))}). "
                     f"Your token is stored encrypted; `/toggl disconnect` forgets it. — ref {ref}")


def profile(me: dict[str, Any], ref: str) -> Message:
    """``me``: the caller's profile."""
    text = f"*Your Toggl profile* — ref {ref}"
    week = me.get("beginning_of_week")
    pairs = [("Name", esc(me.get("fullname") or "—")), ("Email", esc(me.get("email") or "—")),
             ("Timezone", esc(me.get("timezone") or "—")),
             ("Beginning of week", value_words("beginning_of_week", week) if week is not None else "—"),
             ("Country id", esc(me.get("country_id") or "—")),
             ("Default workspace id", esc(me.get("default_workspace_id") or "—"))]
    return ephemeral(text, section(text), fields_section(pairs))
