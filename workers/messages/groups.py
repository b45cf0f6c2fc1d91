"""Results of ``groups``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from workers.messages.listing import listing, table, title

FOOTER = "Name a group by its id in reminders: `/toggl reminder add 6h daily group:&lt;id&gt;`."


def group_list(found: list[dict[str, Any]], names: dict[int, str], workspace: dict[str, Any],
               ref: str) -> Message:
    """``groups``: name, ``group:<id>``, how many members and who (by name; ``user <id>`` when unknown)."""
    heading = title("Groups", workspace, len(found), ref)
    rows = []
    for group in sorted(found, key=lambda g: ((g.get("name") or "").lower(), int(g["id"]))):
        members = sorted((names.get(int(uid)) or f"user {uid}" for uid in group.get("user_ids") or []),
                         key=str.lower)
        count = len(members)
        rows.append([group.get("name") or "", f"group:{group['id']}",
                     f"{count} member" + ("" if count == 1 else "s"), ", ".join(members) or "—"])
    return listing(heading, table(rows, [30, 14, 11, 400]), empty="None.", footer=FOOTER if found else "",
                   searchable=False)
