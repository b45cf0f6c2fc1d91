"""Results of ``reminders``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from workers.messages.listing import listing, title


def reminder_list(lines: list[str], workspace: dict[str, Any], ref: str) -> Message:
    """``reminders``: one line per reminder (as ``workers.changes.reminders.describe`` words it)."""
    heading = title("Tracking reminders", workspace, len(lines), ref)
    return listing(heading, lines, empty="None. `/toggl reminder add 6h daily @jane` creates one.",
                   searchable=False, monospace=False)
