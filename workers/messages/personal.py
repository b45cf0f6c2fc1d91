"""Results of ``connect``, ``me`` and ``profile set``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, ephemeral, fields_section, in_channel, section
from bot.parsing.values import DAY_NAMES


def connected(me: dict[str, Any], ref: str) -> Message:
    """``connect`` succeeded (kept private: it is about a credential)."""
    return ephemeral(f"✅ Connected to Toggl as {me.get('fullname') or '?'} ({me.get('email')}). "
                     f"Your token is stored encrypted; `/toggl disconnect` forgets it. — ref {ref}")


def profile(me: dict[str, Any], ref: str) -> Message:
    """``me``: the caller's profile."""
    text = f"*Your Toggl profile* — ref {ref}"
    return ephemeral(text, section(text), fields_section(_profile_fields(me)))


def profile_updated(me: dict[str, Any], changed: dict[str, Any], ref: str) -> Message:
    """``profile set`` succeeded."""
    text = (f"✅ Updated the Toggl profile of {me.get('fullname') or me.get('email')}: "
            f"{', '.join(changed)} — ref {ref}")
    labels = {"name" if key == "fullname" else key for key in changed}
    shown = [pair for pair in _profile_fields(me) if pair[0].lower().replace(" ", "_") in labels]
    return in_channel(text, section(text), fields_section(shown or _profile_fields(me)))


def _profile_fields(me: dict[str, Any]) -> list[tuple[str, str]]:
    week = me.get("beginning_of_week")
    return [("Name", me.get("fullname") or "—"), ("Email", me.get("email") or "—"),
            ("Timezone", me.get("timezone") or "—"),
            ("Beginning of week", DAY_NAMES[week].title() if isinstance(week, int) and 0 <= week <= 6
             else "—"),
            ("Country id", str(me.get("country_id") or "—")),
            ("Default workspace id", str(me.get("default_workspace_id") or "—"))]
