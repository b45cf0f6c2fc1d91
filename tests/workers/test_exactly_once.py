"""Exactly once: a fault between a write reaching Toggl and its result never repeats the write.

Each test lets Toggl carry the write out, then breaks what comes after (the
answer, the quota), and counts the writes the strict fake received. A worker
killed after the write is in tests/test_faults_processes.py, a Redis restart
in the middle of a write there too.
"""
from __future__ import annotations

import pytest

from tests.support import writes

CAT = "/workspaces/9001/workspace_users/5003"
REMINDERS = "/workspaces/9001/track_reminders"


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("TOGGLBOT_APPROVAL_REQUIRED", "")
    return {**env, "TOGGLBOT_APPROVAL_REQUIRED": ""}


def wait_for(predicate, timeout: float = 20.0):
    """Wait until ``predicate()`` is truthy (the fake records a delayed request once it answers)."""
    import time

    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return value


def one_final(bot, sent) -> dict:
    result = bot.result(sent, timeout=40)
    assert len(bot.finals(sent)) == 1
    return result


@pytest.mark.parametrize("fault", ["5xx after the work", "answer after the timeout"])
def test_a_write_toggl_did_but_did_not_answer_is_read_back_not_sent_again(bot, worker, toggl, fault) -> None:
    if fault == "5xx after the work":
        toggl.fail_next(502, path_prefix=CAT, apply=True)
    else:
        toggl.delay_next(5, path_prefix=CAT, after=True)  # TOGGL_TIMEOUT is 3 s in the tests
    result = one_final(bot, bot.command("user set cat@acme.test rate=80 working_hours=7h"))
    assert result["text"].startswith("✅ Updated Cat Coder"), result["text"]
    assert "billable rate 45.00 → 80.00 EUR; working hours 8h → 7h" in result["text"]
    landed = wait_for(lambda: writes(toggl))  # a late answer is recorded when it is sent
    assert landed == [("PUT", CAT, {"rate": 80.0, "working_hours_in_minutes": 420})]
    assert [r.method for r in toggl.requests if r.path == "/workspaces/9001/workspace_users"][-1] == "GET"


def test_the_quota_running_out_right_after_a_write_does_not_repeat_it(bot, worker, toggl, slack) -> None:
    warm = bot.command("preview reminder add 6h daily cat@acme.test group:6001")
    assert "Nothing was changed." in bot.result(warm)["text"]  # people and groups are cached now
    toggl.set_quota(toggl.demo["admin_token"], remaining=1, resets_in=3600)  # the write is the last one
    sent = bot.command("reminder add 6h daily cat@acme.test group:6001")
    result = one_final(bot, sent)
    assert result["text"].startswith("✅ Created a tracking reminder #"), result["text"]
    assert "people Cat Coder; groups Designers" in result["text"]
    assert [w[:2] for w in writes(toggl)] == [("POST", REMINDERS)]
    assert not [p for p in slack.responses_for(sent.response_url) if p.body["text"].startswith("⏸")]


def test_a_write_refused_for_quota_is_sent_once_when_the_job_resumes(bot, worker, toggl, slack, redis) -> None:
    from tests.support import run_scheduled_now, wait_until_quota_resets

    bot.result(bot.command("preview user deactivate dan@acme.test"))  # what the plan reads is cached now
    toggl.set_quota(toggl.demo["admin_token"], remaining=0, resets_in=12)  # outlasts a slow start
    sent = bot.command("user deactivate dan@acme.test")
    slack.wait_for_responses(sent.response_url, count=1)  # the one ⏸ note
    wait_until_quota_resets(redis, toggl.demo["admin_token"])
    run_scheduled_now(redis)
    result = one_final(bot, sent)
    assert result["text"].startswith("✅ Deactivated Dan Designer")
    puts = [r for r in toggl.requests if r.method == "PUT"]
    assert [r.status for r in puts] == [402, 200]
    assert [p.body["text"][:1] for p in slack.responses_for(sent.response_url)] == ["⏸", "✅"]
