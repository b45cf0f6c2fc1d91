"""Which mode ``make run`` picks: sandbox only with no real setting at all."""
from __future__ import annotations

import pytest

from sandbox.mode import assignments, is_sandbox


def test_no_settings_means_sandbox() -> None:
    assert is_sandbox({})
    assert assignments({})["REDIS_URL"] == "redis://127.0.0.1:6390/0"


@pytest.mark.parametrize("name", ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
                                  "TOGGL_API_TOKEN"])
def test_any_real_setting_means_real_mode(name: str) -> None:
    assert not is_sandbox({name: "x"})
    assert assignments({name: "x"})["MODE"] == "real"


def test_sandbox_keeps_an_explicit_redis_and_does_not_empty_it() -> None:
    values = assignments({"REDIS_URL": "redis://example:6379/3"})
    assert values["REDIS_URL"] == "redis://example:6379/3" and values["FRESH_REDIS"] == ""
