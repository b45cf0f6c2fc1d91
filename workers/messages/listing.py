"""Lists in Slack: a title that says what is listed, aligned rows within Block Kit's limits.

Rows hold names and notes from Toggl: lines are aligned on the raw text and
then escaped (escaping does not change what Slack shows, so columns stay put).
"""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import MAX_BLOCKS, Message, context, ephemeral, pack_lines, section
from bot.messages.format import columns, fit_widths
from bot.messages.text import esc


def title(what: str, workspace: dict[str, Any], count: int, ref: str, search: str = "") -> str:
    """``*Clients of Acme HQ* matching “glob” — 1 — ref k3xq2a``."""
    text = f"*{what} of {esc(workspace.get('name', 'the workspace'))}*"
    if search:
        text += f" matching “{esc(search)}”"
    return f"{text} — {count} — ref {ref}"


def table(rows: list[list[str]], caps: list[int]) -> list[str]:
    """Rows as aligned monospace lines, each column as wide as its longest cell up to its cap."""
    return columns(rows, fit_widths(rows, caps))


def listing(heading: str, lines: list[str], *, empty: str, footer: str = "", searchable: bool = True,
            monospace: bool = True) -> Message:
    """The list message: heading, raw lines escaped and packed into sections, and a note of what
    was left out. ``heading``, ``empty`` and ``footer`` are safe text already."""
    lines = [esc(line) for line in lines]
    if not lines:
        return ephemeral(f"{heading}\n{empty}", section(f"{heading}\n{empty}"))
    blocks, left_out = pack_lines(lines, MAX_BLOCKS - 2, monospace=monospace)
    notes = []
    if left_out:
        notes.append(f"{left_out} more not shown" + ("; narrow it with a search word." if searchable else "."))
    if footer:
        notes.append(footer)
    extra = [context(" ".join(notes))] if notes else []
    return ephemeral(f"{heading}\n" + "\n".join(lines[:20]), section(heading), *blocks, *extra)
