"""The Toggl client against the strict fake: auth, pacing, retries, quota, errors."""
from __future__ import annotations

import threading
import time

import pytest

from toggl import errors
from toggl.api import RetryPolicy, TogglAPI
from toggl.me import get_me
from toggl.pacing import token_key
from toggl.quota import QuotaBook

FAST = RetryPolicy(too_many=(0.1, 0.1, 0.2), failed=(0.1, 0.1, 0.2))


class Sleeps(list):
    """Records the client's sleeps instead of sleeping (the schedule is what is tested)."""

    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 1))


@pytest.fixture
def account(toggl):
    """A token of an admin in the demo workspace."""
    return toggl.demo["admin_token"]


def client_for(toggl, redis, token, **kwargs) -> TogglAPI:
    return TogglAPI(toggl.url, token, redis, **kwargs)


def test_basic_auth_uses_token_and_api_token(toggl, redis, account) -> None:
    me = get_me(client_for(toggl, redis, account))
    assert me["email"]
    assert toggl.requests[-1].token == account


def test_wrong_token_is_forbidden(toggl, redis) -> None:
    with pytest.raises(errors.Forbidden):
        get_me(client_for(toggl, redis, "not-a-real-token-123"))


def test_requests_of_one_token_are_paced_one_per_second(toggl, redis, account) -> None:
    clients = [client_for(toggl, redis, account) for _ in range(3)]
    threads = [threading.Thread(target=get_me, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(r.at for r in toggl.requests)
    assert [r.status for r in toggl.requests] == [200, 200, 200]
    # Sent a second apart; measured where they arrive, a busy machine may delay one more than the next
    # (unpaced, they would arrive milliseconds apart).
    assert all(b - a >= 0.8 for a, b in zip(times, times[1:]))


def test_429_is_retried_until_success(toggl, redis, account) -> None:
    toggl.fail_next(429, count=2)
    assert get_me(client_for(toggl, redis, account, retry=FAST))["email"]
    assert [r.status for r in toggl.requests] == [429, 429, 200]


def retry_delays(caplog) -> list[str]:
    return [record.getMessage().rsplit(" in ", 1)[1] for record in caplog.records if "retry" in record.getMessage()]


def test_429_backs_off_5_15_then_60_seconds(toggl, redis, account, caplog) -> None:
    toggl.rate_limit = False  # the recorded sleeps do not pass time
    toggl.fail_next(429, count=3)
    sleeps = Sleeps()
    assert get_me(client_for(toggl, redis, account, sleep=sleeps))["email"]
    assert retry_delays(caplog) == ["5.0s", "15.0s", "60.0s"]
    waited = [s for s in sleeps if s >= 2]  # in the shared pacer, less the moments a busy machine took
    assert len(waited) == 3 and all(want - 1 < got <= want for got, want in zip(waited, (5.0, 15.0, 60.0)))
    assert [r.status for r in toggl.requests] == [429, 429, 429, 200]


def test_a_fourth_429_is_the_final_failure(toggl, redis, account) -> None:
    toggl.rate_limit = False
    toggl.fail_next(429, count=4)
    with pytest.raises(errors.TooManyRequests):
        get_me(client_for(toggl, redis, account, sleep=Sleeps()))
    assert len(toggl.requests) == 4


def test_a_429_holds_back_the_other_processes_of_the_token(toggl, redis, account) -> None:
    toggl.rate_limit = False
    toggl.fail_next(429)
    get_me(client_for(toggl, redis, account, sleep=Sleeps()))
    other = Sleeps()
    get_me(client_for(toggl, redis, account, sleep=other))  # the hold of 5 s is not over in real time
    assert other and other[0] >= 3


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_backs_off_quickly_and_gives_up_after_three_retries(toggl, redis, account, status, caplog) -> None:
    toggl.rate_limit = False
    toggl.fail_next(status, count=4)
    with pytest.raises(errors.ServerError):
        get_me(client_for(toggl, redis, account, sleep=Sleeps()))
    assert retry_delays(caplog) == ["0.5s", "1.0s", "2.0s"]
    assert len(toggl.requests) == 4


def test_5xx_is_retried_then_reported(toggl, redis, account) -> None:
    toggl.fail_next(502, count=5)
    with pytest.raises(errors.ServerError):
        get_me(client_for(toggl, redis, account, retry=FAST))
    assert len(toggl.requests) == 4


def test_timeout_is_retried(toggl, redis, account) -> None:
    toggl.delay_next(2.5)
    me = get_me(client_for(toggl, redis, account, retry=FAST, timeout=1.0))
    assert me["email"]
    time.sleep(2)  # the slow first request is recorded when the fake finally answers it
    assert len(toggl.requests) == 2


def test_dropped_connection_is_unreachable_after_retries(toggl, redis, account) -> None:
    toggl.drop_next(count=5)
    with pytest.raises(errors.Unreachable):
        get_me(client_for(toggl, redis, account, retry=FAST))


def test_write_that_may_have_landed_is_read_back_before_resending(toggl, redis, account) -> None:
    toggl.drop_next(apply=True)
    client = client_for(toggl, redis, account, retry=FAST)
    wid = toggl.demo["workspace"]["id"]
    found = client.request("POST", f"/workspaces/{wid}/track_reminders",
                           json={"frequency": 1, "threshold": 6, "user_ids": [toggl.demo["users"][0]["id"]]},
                           read_back=lambda: {"read": "back"})
    assert found == {"read": "back"}
    assert len(toggl.requests_for(method="POST")) == 1


def get_workspace_of(toggl, client) -> dict:
    return client.get(f"/workspaces/{toggl.demo['workspace']['id']}")


def test_quota_402_raises_quota_exhausted_with_reset(toggl, redis, account) -> None:
    toggl.set_quota(account, remaining=0, resets_in=120)
    with pytest.raises(errors.QuotaExhausted) as caught:
        get_workspace_of(toggl, client_for(toggl, redis, account))
    assert 110 <= caught.value.resets_in <= 120


def test_a_402_closes_the_bucket_so_no_request_is_wasted(toggl, redis, account) -> None:
    toggl.set_quota(account, remaining=0, resets_in=120)
    with pytest.raises(errors.QuotaExhausted):
        get_workspace_of(toggl, client_for(toggl, redis, account))
    with pytest.raises(errors.QuotaExhausted):
        get_workspace_of(toggl, client_for(toggl, redis, account))
    assert len(toggl.requests) == 1


def test_remaining_zero_on_a_200_does_not_stop_the_next_request(toggl, redis, account) -> None:
    toggl.set_quota(account, remaining=1, resets_in=120)
    client = client_for(toggl, redis, account)
    get_workspace_of(toggl, client)  # answers 200 with Remaining: 0
    assert [remaining for remaining, _ in QuotaBook(redis).snapshot(token_key(account)).values()] == [0]
    with pytest.raises(errors.QuotaExhausted):
        get_workspace_of(toggl, client)  # sent: only Toggl's 402 closes a bucket
    assert [r.status for r in toggl.requests] == [200, 402]


def test_an_exhausted_me_bucket_leaves_workspace_requests_running(toggl, redis, account) -> None:
    toggl.set_quota(account, remaining=0, resets_in=600, me=True)
    client = client_for(toggl, redis, account)
    with pytest.raises(errors.QuotaExhausted) as caught:
        get_me(client)
    assert caught.value.bucket == "me"
    assert get_workspace_of(toggl, client)["id"] == toggl.demo["workspace"]["id"]


def test_an_exhausted_organization_leaves_the_me_bucket_running(toggl, redis, account) -> None:
    toggl.set_quota(account, remaining=0, resets_in=600)
    client = client_for(toggl, redis, account)
    with pytest.raises(errors.QuotaExhausted):
        get_workspace_of(toggl, client)
    assert get_me(client)["email"]


def test_plan_402_without_quota_headers_is_payment_required(toggl, redis, account) -> None:
    toggl.fail_next(402, body='"Must be a premium user to use rounding"')
    with pytest.raises(errors.PaymentRequired) as caught:
        get_me(client_for(toggl, redis, account))
    assert not isinstance(caught.value, errors.QuotaExhausted)
    assert caught.value.message == "Must be a premium user to use rounding"


def test_4xx_other_than_429_is_not_retried(toggl, redis, account) -> None:
    with pytest.raises(errors.BadRequest) as caught:
        client_for(toggl, redis, account).request("PUT", "/me", json={"timezone": "Mars/Base"})
    assert caught.value.message == "Invalid timezone"
    assert len(toggl.requests) == 1


def test_html_429_body_gives_a_short_reason(toggl, redis, account) -> None:
    toggl.fail_next(429, count=5)
    with pytest.raises(errors.TooManyRequests) as caught:
        get_me(client_for(toggl, redis, account, retry=FAST))
    assert "<html" not in caught.value.message.lower()


def test_token_never_appears_in_repr_or_redis(toggl, redis, account) -> None:
    client = client_for(toggl, redis, account)
    toggl.set_quota(account, remaining=5, resets_in=100)
    get_workspace_of(toggl, client)
    assert account not in repr(client)
    for key in redis.keys("*"):
        assert account.encode() not in key
        assert account.encode() not in (redis.dump(key) or b"")


def test_a_process_that_woke_late_does_not_bring_the_next_request_closer(redis) -> None:
    from toggl.pacing import Pacer

    def late(seconds: float) -> None:  # a busy machine: the process wakes 0.3 s after its slot
        time.sleep(seconds + 0.3)

    Pacer(redis).wait_turn("tok")
    Pacer(redis, sleep=late).wait_turn("tok")
    sent_late = time.monotonic()
    Pacer(redis).wait_turn("tok")  # its slot is 0.7 s after the late one; it waits the full second
    assert time.monotonic() - sent_late >= 0.85  # not the 0.7 s left of its slot (less what a busy machine took)


def test_the_response_observer_hears_of_every_request_sent_and_never_breaks_one(toggl, redis, account) -> None:
    heard = []
    toggl.set_quota(account, remaining=7, resets_in=100, me=True)
    toggl.fail_next(429)
    toggl.drop_next(path_prefix="/me/workspaces")
    client = client_for(toggl, redis, account, retry=FAST, on_response=lambda *call: heard.append(call))
    assert get_me(client)["email"]
    client.get("/me/workspaces")
    assert [call[:3] for call in heard] == [("GET", 429, "me"), ("GET", 200, "me"), ("GET", None, "me"),
                                            ("GET", 200, "me")]
    assert [call[3] for call in heard[:3]] == [6, 5, None]  # X-Toggl-Quota-Remaining, when an answer came

    def broken(*call) -> None:
        raise RuntimeError("metrics are down")

    assert get_me(client_for(toggl, redis, account, on_response=broken))["email"]


def test_the_pacing_interval_is_the_clients_to_choose(redis) -> None:
    from toggl.api import TogglAPI

    api = TogglAPI("http://127.0.0.1:9", "tok", redis, interval=0.25)
    api._pacer.wait_turn(api.token_id)
    assert 0.2 <= api._pacer.wait_turn(api.token_id) <= 0.25  # a lower bound, and the slot's own length
