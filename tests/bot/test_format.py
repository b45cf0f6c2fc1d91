"""Small formatters: ``clip`` cuts with ``…`` and never through markup; list columns use it."""
from __future__ import annotations

import pytest

from bot.messages.format import clip, columns

CLIPS = [
    ("Globex", 10, {}, "Globex"),
    ("Globex Corporation", 10, {}, "Globex Co…"),
    ("Globex Corporation", 7, {}, "Globex…"),  # no space before the …
    ("R&amp;D Department", 5, {"markup": True}, "R…"),  # not through an escape
    ("asked by <@U0ADMIN1> today", 14, {"markup": True}, "asked by…"),  # not through a mention
    ("R&D Department", 4, {}, "R&D…"),
    ("", 3, {}, ""),
]


@pytest.mark.parametrize("text, limit, options, clipped", CLIPS)
def test_clip_cuts_with_an_ellipsis(text: str, limit: int, options: dict, clipped: str) -> None:
    assert clip(text, limit, **options) == clipped
    assert len(clip(text, limit, **options)) <= limit


def test_columns_mark_a_cut_name_and_stay_aligned() -> None:
    long = "The Extraordinarily Long Client Name of Doom"
    lines = columns([[long, "active"], ["Globex", "active"]], [20, 6])
    assert lines == ["The Extraordinarily…  active", "Globex                active"]
