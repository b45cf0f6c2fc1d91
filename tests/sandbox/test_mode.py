"""Which mode ``make run`` picks: sandbox only with no real setting at all."""
from __future__ import annotations

import pytest

from sandbox.mode import is_sandbox, read_mode


def test_no_settings_means_sandbox_with_a_redis_of_its_own() -> None:
    assert is_sandbox({})
    assert read_mode({}).sandbox and read_mode({}).redis_url is None and read_mode({}).port == 8000


@pytest.mark.parametrize("name", ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
                                  "TOGGL_API_TOKEN"])
def test_any_real_setting_means_real_mode(name: str) -> None:
    assert not is_sandbox({name: "x"})
    assert read_mode({name: "x"}) == read_mode({name: "x", "REDIS_URL": "redis://localhost:6379/0"})
    assert not read_mode({name: "x"}).sandbox


def test_sandbox_keeps_an_explicit_redis_and_port() -> None:
    mode = read_mode({"REDIS_URL": "redis://example:6379/3", "PORT": "8123"})
    assert mode.sandbox and mode.redis_url == "redis://example:6379/3" and mode.port == 8123


@pytest.mark.parametrize("port", ["http", "0", "70000", "-1"])
def test_a_port_that_is_not_one_is_one_line(port: str) -> None:
    with pytest.raises(ValueError, match="PORT must be a port number"):
        read_mode({"PORT": port})
