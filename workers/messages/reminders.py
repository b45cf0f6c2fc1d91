"""Results of ``reminders`` and ``reminder add|update|delete``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, in_channel
from workers.messages.listing import listing, title

FREQUENCY_WORDS = {1: "daily", 7: "weekly"}


def describe(reminder: dict[str, Any], names: dict[int, str], groups: dict[int, str]) -> str:
    """``#8001 — under 8 h, daily — Dan Designer, group Developers``."""
    who = [names.get(int(uid), f"user {uid}") for uid in reminder.get("user_ids") or []]
    who += [f"group {groups.get(int(gid), gid)}" for gid in reminder.get("group_ids") or []]
    frequency = FREQUENCY_WORDS.get(reminder.get("frequency"), f"every {reminder.get('frequency')} days")
    return (f"#{reminder.get('reminder_id') or reminder.get('id')} — under {reminder.get('threshold')} h, "
            f"{frequency} — {', '.join(who) or 'nobody'}")


def reminder_list(lines: list[str], workspace: dict[str, Any], ref: str) -> Message:
    """``reminders``."""
    heading = title("Tracking reminders", workspace, len(lines), ref)
    return listing(heading, lines, empty="None. `/toggl reminder add 6h daily @jane` creates one.",
                   searchable=False, monospace=False)


def reminder_saved(line: str, created: bool, ref: str) -> Message:
    """A reminder was created or changed."""
    return in_channel(f"✅ {'Created' if created else 'Updated'} tracking reminder {line} — ref {ref}")


def reminder_deleted(reminder_id: int, ref: str) -> Message:
    """A reminder was deleted."""
    return in_channel(f"✅ Deleted tracking reminder #{reminder_id} — ref {ref}")
