"""Results of ``clients`` and ``client rename|notes|archive|restore``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, in_channel
from workers.messages.listing import listing, table, title


def client_list(found: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *,
                search: str = "", archived: bool = False) -> Message:
    """``clients``: name, status, id and notes, aligned."""
    heading = title("Archived clients" if archived else "Clients", workspace, len(found), ref, search)
    rows = [[c.get("name") or "", "archived" if c.get("archived") else "active", f"id {c['id']}",
             (c.get("notes") or "").replace("\n", " ")]
            for c in sorted(found, key=lambda c: (c.get("name") or "").lower())]
    return listing(heading, table(rows, [40, 8, 10, 60]), empty="None.")


def client_renamed(old: str, new: str, ref: str) -> Message:
    """``client rename`` succeeded."""
    return in_channel(f"✅ Renamed client {old} to {new} — ref {ref}")


def client_notes_set(name: str, notes: str, ref: str) -> Message:
    """``client notes`` succeeded."""
    if not notes:
        return in_channel(f"✅ Cleared the notes of client {name} — ref {ref}")
    return in_channel(f"✅ Notes of client {name} set to “{notes}” — ref {ref}")


def client_archived(name: str, project_count: int, ref: str) -> Message:
    """``client archive`` succeeded (Toggl archives the client's projects with it)."""
    also = f" and {project_count} of its projects" if project_count else ""
    return in_channel(f"✅ Archived client {name}{also} — ref {ref}")


def client_restored(name: str, ref: str) -> Message:
    """``client restore`` succeeded."""
    return in_channel(f"✅ Restored client {name} (its projects stay as they are) — ref {ref}")
