"""Every Web API client retries Slack's 429 (after ``Retry-After``) and 500/503 with slack_sdk's handlers.

The calls go through ``SlackOut`` (the worker's way to Slack) to the Slack fake, which
records each attempt with its HTTP status and a monotonic arrival time.
"""
from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings
from bot.slack_client import RATE_LIMIT_RETRIES, SERVER_ERROR_RETRIES, web_client
from fakes.slack import SlackFake
from tests.conftest import ADMIN, BOT_TOKEN
from workers.slack_out import SlackOut

POST = "chat.postMessage"
CHANNEL = "C0OPS"
HELLO = {"text": "hello"}


@pytest.mark.parametrize("token, expected", [(None, BOT_TOKEN), ("xapp-1-socket", "xapp-1-socket"), ("", None)])
def test_the_client_uses_the_settings_and_the_token_given(settings: Settings, token: str | None,
                                                          expected: str | None) -> None:
    client = web_client(settings, token, timeout=7)
    assert (client.token, client.base_url, client.timeout) == (expected, settings.slack_api_url, 7)


def test_the_client_keeps_the_connection_retries_and_adds_rate_limit_and_server_error_ones(settings) -> None:
    handlers = web_client(settings).retry_handlers
    assert [(type(h), h.max_retry_count) for h in handlers] == [
        (ConnectionErrorRetryHandler, 1),
        (RateLimitErrorRetryHandler, RATE_LIMIT_RETRIES),
        (ServerErrorRetryHandler, SERVER_ERROR_RETRIES),
    ]


def test_a_429_is_retried_after_retry_after_and_the_message_is_posted_once(settings, slack: SlackFake) -> None:
    slack.fail_next(POST, status=429, retry_after=1)
    ts = SlackOut(settings).post(CHANNEL, HELLO)
    refused, accepted = slack.calls_to(POST)
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.monotonic - refused.monotonic >= 0.9  # waited Retry-After: a lower bound only
    assert [m["ts"] for m in slack.messages] == [ts]


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_is_retried_and_the_message_is_posted_once(settings, slack: SlackFake, status: int) -> None:
    slack.fail_next(POST, status=status)
    ts = SlackOut(settings).post(CHANNEL, HELLO)
    assert [c.status for c in slack.calls_to(POST)] == [status, 200]
    assert [m["ts"] for m in slack.messages] == [ts]


@pytest.mark.parametrize("status, error, retries", [
    (429, "ratelimited", RATE_LIMIT_RETRIES),
    (503, "service_unavailable", SERVER_ERROR_RETRIES),
])
def test_more_failures_than_retries_raise_slack_api_error(settings, slack: SlackFake, status: int, error: str,
                                                          retries: int) -> None:
    slack.fail_next(POST, status=status, count=retries + 1, retry_after=0)
    with pytest.raises(SlackApiError) as raised:
        SlackOut(settings).post(CHANNEL, HELLO)
    assert (raised.value.response.status_code, raised.value.response["error"]) == (status, error)
    assert [c.status for c in slack.calls_to(POST)] == [status] * (retries + 1)
    assert slack.messages == []


@pytest.mark.parametrize("status", [502, 504])
def test_other_5xx_are_not_retried_by_slack_sdk(settings, slack: SlackFake, status: int) -> None:
    slack.fail_next(POST, status=status)
    with pytest.raises(SlackApiError):
        SlackOut(settings).post(CHANNEL, HELLO)
    assert [c.status for c in slack.calls_to(POST)] == [status]


def test_a_direct_message_still_rate_limited_after_the_retries_reports_false(settings, slack: SlackFake) -> None:
    slack.fail_next(POST, status=429, count=RATE_LIMIT_RETRIES + 1, retry_after=0)
    assert SlackOut(settings).dm(ADMIN, HELLO) is False
    assert len(slack.calls_to(POST)) == RATE_LIMIT_RETRIES + 1
