"""Fixtures of the Toggl fake's tests (helpers: ``toggl_helpers.py``)."""

from __future__ import annotations

from typing import Iterator

import pytest

from fakes.toggl import TogglFake


@pytest.fixture
def fake() -> Iterator[TogglFake]:
    """A started fake without the rate limit."""
    with TogglFake(rate_limit=False) as server:
        yield server


@pytest.fixture
def demo(fake: TogglFake) -> dict:
    """The demo data seeded into ``fake``."""
    return fake.seed_demo()
