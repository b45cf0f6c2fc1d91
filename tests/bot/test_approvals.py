"""Approval rules (pure) and the atomic decision in Redis."""
from __future__ import annotations

import threading
import time

import pytest

from bot.approvals import (APPROVE, AWAITING, EXPIRE, REJECT, ApprovalStore, canceller_refusal,
                           decider_refusal, needs_approval)
from bot.parser import parse
from bot.refs import RefStore
from bot.settings import Settings

SETTINGS = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x",
                              "TOGGLBOT_ADMINS": "UANN,UBOB", "TOGGLBOT_APPROVERS": "UBOB,UCAROL"})


@pytest.mark.parametrize("text, needed", [
    ("user remove a@b.co", True),
    ("rate set workspace 5 mode=override-all", True),
    ("rate set workspace 5 mode=override-current", True),
    ("rate set workspace 5", False),
    ("workspace set rounding=up", True),
    ("user set a@b.co role=admin", False),
    ("users", False),
])
def test_default_actions_needing_approval(text: str, needed: bool) -> None:
    assert needs_approval(parse(text).command, SETTINGS) is needed


def test_approval_list_comes_from_settings() -> None:
    settings = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x",
                                  "TOGGLBOT_ADMINS": "U1", "TOGGLBOT_APPROVAL_REQUIRED": "user.set"})
    assert needs_approval(parse("user set a@b.co role=admin").command, settings)
    assert not needs_approval(parse("user remove a@b.co").command, settings)


def test_requester_cannot_decide_own_request() -> None:
    assert decider_refusal({"user_id": "UBOB"}, "UBOB", SETTINGS) == "own_request"


def test_non_approver_cannot_decide_even_if_admin() -> None:
    assert decider_refusal({"user_id": "UBOB"}, "UANN", SETTINGS) == "not_approver"


def test_another_approver_may_decide() -> None:
    assert decider_refusal({"user_id": "UANN"}, "UCAROL", SETTINGS) is None


def test_only_the_requester_may_cancel() -> None:
    assert canceller_refusal({"user_id": "UANN"}, "UBOB") == "not_requester"
    assert canceller_refusal({"user_id": "UANN"}, "UANN") is None


def _request(redis, ref="abcdef", ttl=3600) -> str:
    RefStore(redis).create(ref, {"user_id": "UANN", "state": AWAITING, "expires_at": f"{time.time() + ttl:.3f}"})
    return ref


def test_first_decision_wins_and_the_second_sees_it(redis) -> None:
    store = ApprovalStore(redis)
    ref = _request(redis)
    first = store.decide(ref, APPROVE, "UBOB")
    second = store.decide(ref, REJECT, "UCAROL")
    assert first.applied and first.state == "queued"
    assert not second.applied and (second.state, second.decided_by) == ("queued", "UBOB")


def test_decision_after_expiry_marks_it_expired(redis) -> None:
    ref = _request(redis, ttl=-1)
    decision = ApprovalStore(redis).decide(ref, APPROVE, "UBOB")
    assert not decision.applied and decision.state == "expired"
    assert RefStore(redis).get(ref)["state"] == "expired"


def test_expiry_job_expires_an_open_request(redis) -> None:
    ref = _request(redis, ttl=-1)
    assert ApprovalStore(redis).decide(ref, EXPIRE, "").applied


def test_unknown_request_is_missing(redis) -> None:
    assert ApprovalStore(redis).decide("zzzzzz", APPROVE, "UBOB").state == "missing"


def test_concurrent_clicks_apply_exactly_once(redis) -> None:
    ref = _request(redis)
    results = []
    barrier = threading.Barrier(16)

    def click(user: str) -> None:
        store = ApprovalStore(redis.__class__.from_url(
            f"redis://127.0.0.1:{redis.connection_pool.connection_kwargs['port']}/0"))
        barrier.wait()
        results.append(store.decide(ref, APPROVE, user))

    threads = [threading.Thread(target=click, args=(f"U{i}",)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.applied for r in results) == 1
