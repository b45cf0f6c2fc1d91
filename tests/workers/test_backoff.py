"""Toggl's 429 inside a change: the back-off ends in one failure and nothing changed (the 5/15/60 s
schedule itself is tested on the client, ``tests/toggl/test_api.py``)."""
from __future__ import annotations

import dataclasses

import pytest

from toggl.api import TogglAPI
from toggl.errors import TooManyRequests


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


def test_a_429_beyond_the_back_off_fails_and_creates_nothing(services, run_handler, toggl, settings) -> None:
    toggl.rate_limit = False  # the client below does not really wait
    services._apis[settings.toggl_api_token] = TogglAPI(settings.toggl_api_url, settings.toggl_api_token,
                                                        services.redis, sleep=lambda seconds: None)
    path = f"/workspaces/{toggl.demo['workspace']['id']}/track_reminders"
    run_handler("reminders")
    toggl.fail_next(429, count=4, path_prefix=path)
    with pytest.raises(TooManyRequests):
        run_handler("reminder add 6h daily cat@acme.test")
    assert [r.status for r in toggl.requests_for("POST", path)] == [429, 429, 429, 429]
    with toggl.state.lock:
        assert len(toggl.state.reminders) == 1
