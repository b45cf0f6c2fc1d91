"""Block Kit primitives and Slack's limits (50 blocks, 3,000 characters a section)."""
from __future__ import annotations

from typing import Any

from bot.messages.format import clip

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
Message = dict[str, Any]


def section(text: str) -> dict[str, Any]:
    """A mrkdwn section, cut to Slack's 3,000-character limit."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_CHARS, markup=True)}}


def context(text: str) -> dict[str, Any]:
    """A small grey line under the main content."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, MAX_SECTION_CHARS, markup=True)}]}


def fields_section(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """A section of up to 10 ``*label*\\nvalue`` fields (Slack's limit)."""
    return {"type": "section",
            "fields": [{"type": "mrkdwn", "text": clip(f"*{label}*\n{value}", 2000, markup=True)}
                       for label, value in pairs[:10]]}


def ephemeral(text: str, *blocks: dict[str, Any]) -> Message:
    """A message only the requester sees."""
    return {"response_type": "ephemeral", "text": text, "blocks": list(blocks) or [section(text)]}


def in_channel(text: str, *blocks: dict[str, Any]) -> Message:
    """A message everyone in the channel sees."""
    return {"response_type": "in_channel", "text": text, "blocks": list(blocks) or [section(text)]}


def pack_lines(lines: list[str], budget_blocks: int, *, monospace: bool = False
               ) -> tuple[list[dict[str, Any]], int]:
    """Pack lines into as few sections as fit (each under 3,000 characters, at most
    ``budget_blocks`` of them); return the blocks and how many lines were left out."""
    fence = "```" if monospace else ""
    room = MAX_SECTION_CHARS - 2 * len(fence) - 2
    blocks: list[dict[str, Any]] = []
    chunk: list[str] = []
    size = 0

    def flush() -> None:
        text = "\n".join(chunk)
        blocks.append(section(f"{fence}\n{text}\n{fence}" if fence else text))

    for index, line in enumerate(lines):
        line = clip(line, room, markup=True)
        if chunk and size + len(line) + 1 > room:
            flush()
            if len(blocks) >= budget_blocks:
                return blocks, len(lines) - index
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        flush()
    return blocks, 0
