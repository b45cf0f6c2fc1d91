"""Results of ``clients``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from workers.messages.listing import listing, table, title


def client_list(found: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *,
                search: str = "", archived: bool = False) -> Message:
    """``clients``: name, status, id and notes, aligned."""
    heading = title("Archived clients" if archived else "Clients", workspace, len(found), ref, search)
    rows = [[c.get("name") or "", "archived" if c.get("archived") else "active", f"id {c['id']}",
             (c.get("notes") or "").replace("\n", " ")]
            for c in sorted(found, key=lambda c: (c.get("name") or "").lower())]
    return listing(heading, table(rows, [40, 8, 10, 60]), empty="None.")
