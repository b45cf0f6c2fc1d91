"""The README says what the code does: every action name, links that resolve."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.catalogue import ACTION_NAMES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("action", sorted(ACTION_NAMES))
def test_every_action_name_is_documented(action: str) -> None:
    assert f"`{action}`" in README


def test_every_relative_link_names_a_file_in_the_repository() -> None:
    links = re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", README)
    assert links and all((ROOT / link).exists() for link in links), links
