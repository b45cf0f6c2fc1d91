"""Slack's limits: 50 blocks, 3,000 characters per section."""
from __future__ import annotations

from bot.messages.blocks import MAX_SECTION_CHARS, pack_lines, section


def test_section_is_cut_to_slack_limit() -> None:
    assert len(section("x" * 5000)["text"]["text"]) == MAX_SECTION_CHARS


def test_lines_fit_in_one_section_when_short() -> None:
    blocks, left_out = pack_lines(["a", "b"], 10)
    assert len(blocks) == 1 and left_out == 0


def test_long_lists_stop_at_the_block_budget_and_count_the_rest() -> None:
    lines = [f"line {i:04d} " + "x" * 90 for i in range(2000)]
    blocks, left_out = pack_lines(lines, 5, monospace=True)
    assert len(blocks) == 5
    shown = sum(block["text"]["text"].count("line ") for block in blocks)
    assert shown + left_out == 2000
    assert all(len(block["text"]["text"]) <= MAX_SECTION_CHARS for block in blocks)
