"""Rate limits and server errors injected into the Slack fake, and slack_sdk's retry handlers against them."""

from __future__ import annotations

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from fakes.slack import SlackFake
from tests.fakes.slack_fake.helpers import TOKEN


def call(slack: SlackFake, method: str = "auth.test") -> requests.Response:
    """One raw Web API call (no client-side retries)."""
    return requests.post(slack.api_url + method, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)


def test_ratelimited_is_http_429_with_retry_after_and_slacks_body(slack: SlackFake) -> None:
    slack.fail_next("auth.test", "ratelimited", retry_after=7)
    resp = call(slack)
    assert (resp.status_code, resp.headers["Retry-After"]) == (429, "7")
    assert resp.json() == {"ok": False, "error": "ratelimited"}


def test_ratelimited_fails_exactly_count_times(slack: SlackFake) -> None:
    slack.fail_next("auth.test", "ratelimited", count=2, retry_after=1)
    assert [call(slack).status_code for _ in range(3)] == [429, 429, 200]


def test_a_failure_only_hits_its_own_method(slack: SlackFake) -> None:
    slack.fail_next("chat.postMessage", status=503)
    assert call(slack, "auth.test").status_code == 200


@pytest.mark.parametrize("status, error", [(503, "service_unavailable"), (500, "internal_error"),
                                           (502, "internal_error")])
def test_server_errors_answer_the_status_with_slacks_error_body(slack: SlackFake, status: int, error: str) -> None:
    slack.fail_next("auth.test", status=status)
    resp = call(slack)
    assert (resp.status_code, resp.json(), "Retry-After" in resp.headers) == (status, {"ok": False, "error": error},
                                                                                False)


def test_a_server_error_can_answer_a_non_json_page(slack: SlackFake) -> None:
    slack.fail_next("auth.test", status=502, body="<html>Bad Gateway</html>")
    resp = call(slack)
    assert (resp.status_code, resp.text, resp.headers["Content-Type"].split(";")[0]) == (
        502, "<html>Bad Gateway</html>", "text/html")


def test_an_error_with_http_200_is_still_possible(slack: SlackFake) -> None:
    slack.fail_next("auth.test", "fatal_error")
    resp = call(slack)
    assert (resp.status_code, resp.json()["error"]) == (200, "fatal_error")


def test_every_attempt_is_recorded_with_its_answer_and_a_monotonic_time(slack: SlackFake) -> None:
    slack.fail_next("auth.test", status=503)
    call(slack), call(slack)
    first, second = slack.calls_to("auth.test")
    assert (first.status, first.error, first.ok) == (503, "service_unavailable", False)
    assert (second.status, second.error, second.ok) == (200, None, True)
    assert 0 < first.monotonic <= second.monotonic


def test_rate_limit_retry_handler_waits_retry_after_then_succeeds(slack: SlackFake) -> None:
    slack.fail_next("chat.postMessage", "ratelimited", count=1, retry_after=1)
    retrying = WebClient(token=TOKEN, base_url=slack.api_url,
                         retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    assert retrying.chat_postMessage(channel="C0OPS", text="hi")["ok"]
    refused, accepted = slack.calls_to("chat.postMessage")
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.monotonic - refused.monotonic >= 1.0
    assert len(slack.messages) == 1


def test_rate_limit_retry_handler_gives_up_after_max_retry_count(slack: SlackFake) -> None:
    slack.fail_next("auth.test", "ratelimited", count=2, retry_after=0)
    retrying = WebClient(token=TOKEN, base_url=slack.api_url,
                         retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    with pytest.raises(SlackApiError) as failed:
        retrying.auth_test()
    assert failed.value.response.status_code == 429 and len(slack.calls_to("auth.test")) == 2


def test_server_error_retry_handler_retries_a_503(slack: SlackFake) -> None:
    slack.fail_next("views.publish", status=503)
    retrying = WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[ServerErrorRetryHandler()])
    assert retrying.views_publish(user_id="U0ADMIN1", view={"type": "home", "blocks": []})["ok"]
    assert [c.status for c in slack.calls_to("views.publish")] == [503, 200]


def test_the_default_client_does_not_retry_a_429(client: WebClient, slack: SlackFake) -> None:
    slack.fail_next("auth.test")
    with pytest.raises(SlackApiError):
        WebClient(token=TOKEN, base_url=slack.api_url).auth_test()
    assert len(slack.calls_to("auth.test")) == 1
