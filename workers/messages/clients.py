"""Results of ``clients`` and ``client rename|notes|archive|restore``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import MAX_BLOCKS, Message, context, ephemeral, in_channel, pack_lines, section
from bot.messages.format import columns, fit_widths


def client_list(found: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *,
                search: str = "", archived: bool = False) -> Message:
    """``clients``: name, status, id and notes, aligned."""
    title = f"*{'Archived clients' if archived else 'Clients'} of {workspace.get('name', 'the workspace')}*"
    if search:
        title += f" matching “{search}”"
    title += f" — {len(found)} — ref {ref}"
    if not found:
        return ephemeral(f"{title}\nNone.")
    rows = [[c.get("name") or "", "archived" if c.get("archived") else "active", f"id {c['id']}",
             (c.get("notes") or "").replace("\n", " ")]
            for c in sorted(found, key=lambda c: (c.get("name") or "").lower())]
    lines = columns(rows, fit_widths(rows, [40, 8, 10, 60]))
    blocks, left_out = pack_lines(lines, MAX_BLOCKS - 2, monospace=True)
    extra = [context(f"{left_out} more not shown; narrow it with a search word.")] if left_out else []
    return ephemeral(f"{title}\n" + "\n".join(lines[:20]), section(title), *blocks, *extra)


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
