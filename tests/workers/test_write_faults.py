"""Toggl faults on *writes* and Slack redeliveries (SPEC §7, §8), through a real worker.

Each case ends as SPEC §7 says — retried and then ``✅``, deferred with an
interim note and then ``✅``, or one ``❌`` with Toggl's message — with exactly
one final message and the change applied at most once. Reads under faults are
in tests/workers/test_faults.py; two approvers racing on one request is
test_two_web_processes_clicking_at_once_run_the_change_once in
tests/workers/test_approvals_flow.py.
"""
from __future__ import annotations

import threading
import time

import pytest

from app import create_app
from bot.settings import Settings
from fakes.slack_requests import SlashCommand
from tests.conftest import SIGNING_SECRET
from tests.support import BotDriver, run_scheduled_now, wait_until_quota_resets

REMIND_CAT = "reminder add 6h daily cat@acme.test"
INTERIM = ("⏸", "⏳", "🔁")


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No action waits for approval here, so ``user remove`` runs straight away."""
    monkeypatch.setenv("TOGGLBOT_APPROVAL_REQUIRED", "")
    return {**env, "TOGGLBOT_APPROVAL_REQUIRED": ""}


def workspace_id(toggl) -> int:
    return toggl.demo["workspace"]["id"]


def reminders_path(toggl) -> str:
    return f"/workspaces/{workspace_id(toggl)}/track_reminders"


def bulk_path(toggl) -> str:
    return f"/organizations/{toggl.demo['org']['id']}/workspaces/{workspace_id(toggl)}/workspace_users"


def requests_to(toggl, method: str, path: str) -> list:
    return [r for r in toggl.requests if r.method == method and r.path == path]


def new_reminders(toggl, before: set[int]) -> list[dict]:
    with toggl.state.lock:
        return [dict(r) for rid, r in toggl.state.reminders.items() if rid not in before]


def reminder_ids(toggl) -> set[int]:
    with toggl.state.lock:
        return set(toggl.state.reminders)


def cat_reminder(toggl, reminder: dict) -> bool:
    cat_uid = toggl.demo["users"][2]["id"]
    return (reminder.get("threshold"), reminder.get("frequency"), reminder.get("user_ids")) == (6, 1, [cat_uid])


def only_final(bot, sent, timeout: float = 40.0) -> dict:
    """The command's final message, after checking that no second one follows."""
    result = bot.result(sent, timeout=timeout)
    time.sleep(1.0)
    finals = bot.finals(sent)
    assert len(finals) == 1, [f.get("text") for f in finals]
    return result


def assert_done(result: dict, sent) -> None:
    assert result["text"].startswith("✅"), result["text"]
    assert f"ref {sent.ref}" in result["text"]


def people_left(toggl, emails: list[str]) -> list[str]:
    uid_of = {u["email"]: u["id"] for u in toggl.demo["users"]}
    with toggl.state.lock:
        members = {wu["uid"] for wu in toggl.state.workspace_users.values()
                   if wu["wid"] == workspace_id(toggl)}
    return [email for email in emails if uid_of[email] in members]


# ------------------------------------------------------------------ 429
def test_a_429_on_a_reminder_post_creates_it_once(bot, worker, toggl) -> None:
    before = reminder_ids(toggl)
    toggl.fail_next(429, path_prefix=reminders_path(toggl))
    sent = bot.command(REMIND_CAT)
    assert_done(only_final(bot, sent, timeout=40), sent)
    [created] = new_reminders(toggl, before)
    assert cat_reminder(toggl, created)
    assert [r.status for r in requests_to(toggl, "POST", reminders_path(toggl))] == [429, 200]


# ------------------------------------------------------------------ 5xx
def test_500_502_503_then_success_on_a_bulk_remove_removes_once(bot, worker, toggl) -> None:
    people = ["dan@acme.test", "eve@acme.test"]
    for status in (500, 502, 503):
        toggl.fail_next(status, path_prefix=bulk_path(toggl))
    sent = bot.command("user remove " + " ".join(people))
    assert_done(only_final(bot, sent), sent)
    assert [r.status for r in requests_to(toggl, "PATCH", bulk_path(toggl))] == [500, 502, 503, 200]
    assert people_left(toggl, people) == []
    # before each re-send the bot read back whether the earlier attempt had landed
    reads = [r for r in toggl.requests if r.method == "GET"
             and r.path == f"/workspaces/{workspace_id(toggl)}/workspace_users"]
    assert len(reads) >= 4


def test_5xx_then_success_on_a_reminder_post_creates_it_once(bot, worker, toggl) -> None:
    before = reminder_ids(toggl)
    for status in (500, 502, 503):  # the read-backs share the path, so they meet some of these
        toggl.fail_next(status, path_prefix=reminders_path(toggl))
    sent = bot.command(REMIND_CAT)
    assert_done(only_final(bot, sent), sent)
    [created] = new_reminders(toggl, before)
    assert cat_reminder(toggl, created)
    statuses = [r.status for r in requests_to(toggl, "POST", reminders_path(toggl))]
    assert statuses[0] == 500 and statuses.count(200) == 1


# ------------------------------------------------------------------ no answer
def test_slow_post_that_toggl_applied_is_read_back_not_repeated(bot, worker, toggl) -> None:
    # TOGGL_TIMEOUT is 3 s in the tests: Toggl applies the POST after 3.1 s, the
    # client has given up at 3 s and reads back (≥ 0.5 s later) before re-sending.
    before = reminder_ids(toggl)
    toggl.delay_next(3.1, path_prefix=reminders_path(toggl))
    sent = bot.command(REMIND_CAT)
    assert_done(only_final(bot, sent), sent)
    [created] = new_reminders(toggl, before)
    assert cat_reminder(toggl, created)
    assert len(requests_to(toggl, "POST", reminders_path(toggl))) == 1
    assert requests_to(toggl, "GET", reminders_path(toggl)), "no read-back after the timeout"


def test_dropped_connection_after_a_bulk_remove_was_applied_is_not_repeated(bot, worker, toggl) -> None:
    people = ["dan@acme.test", "eve@acme.test"]
    toggl.drop_next(apply=True, path_prefix=bulk_path(toggl))
    sent = bot.command("user remove " + " ".join(people))
    result = only_final(bot, sent)
    assert_done(result, sent)
    assert "Removed 2 people" in result["text"]
    [patch] = requests_to(toggl, "PATCH", bulk_path(toggl))
    assert patch.dropped
    assert people_left(toggl, people) == []


def test_dropped_connection_before_a_reminder_post_was_applied_is_retried(bot, worker, toggl) -> None:
    before = reminder_ids(toggl)
    toggl.drop_next(apply=False, path_prefix=reminders_path(toggl))
    sent = bot.command(REMIND_CAT)
    assert_done(only_final(bot, sent), sent)
    assert len(new_reminders(toggl, before)) == 1
    assert [r.dropped for r in requests_to(toggl, "POST", reminders_path(toggl))] == [True, False]


# ------------------------------------------------------------------ 402
def test_quota_402_on_a_write_defers_with_a_note_then_succeeds_once(bot, worker, toggl, slack, redis) -> None:
    assert "Ann Admin" in str(bot.result(bot.command("users")))  # people are cached: the write is next
    before = reminder_ids(toggl)
    toggl.set_quota(toggl.demo["admin_token"], remaining=0, resets_in=12)  # outlasts a slow start
    sent = bot.command(REMIND_CAT)
    [note] = slack.wait_for_responses(sent.response_url, count=1, timeout=20)
    assert note.body["text"].startswith("⏸") and f"ref {sent.ref}" in note.body["text"]
    assert not note.body["text"].startswith(("✅", "❌"))
    wait_until_quota_resets(redis, toggl.demo["admin_token"])
    assert run_scheduled_now(redis) == [f"cmd-{sent.ref}-d1"]  # its minute has passed
    result = only_final(bot, sent, timeout=40)
    assert_done(result, sent)
    assert [p.body["text"][:1] for p in slack.responses_for(sent.response_url)] == ["⏸", "✅"]
    [created] = new_reminders(toggl, before)
    assert cat_reminder(toggl, created)
    assert [r.status for r in requests_to(toggl, "POST", reminders_path(toggl))] == [402, 200]
    assert redis.hget(f"togglbot:ref:{sent.ref}", "state") == b"done"


def test_plan_402_on_a_write_is_one_failure_with_togglss_message(bot, worker, toggl) -> None:
    with toggl.state.lock:
        rates_before = len(toggl.state.rates)
    message = "Billable rates are available for Starter and higher plans."
    toggl.fail_next(402, body=f'"{message}"', path_prefix=f"/workspaces/{workspace_id(toggl)}/rates")
    sent = bot.command("rate set workspace 70")
    result = only_final(bot, sent)
    assert result["text"].startswith("❌") and message in result["text"]
    assert result["response_type"] == "ephemeral"
    assert len(requests_to(toggl, "POST", f"/workspaces/{workspace_id(toggl)}/rates")) == 1
    with toggl.state.lock:
        assert len(toggl.state.rates) == rates_before


# ------------------------------------------------------------------ the same Slack request twice
def test_same_write_delivered_twice_runs_once(bot, worker, toggl, slack) -> None:
    before = reminder_ids(toggl)
    slash = SlashCommand(text=REMIND_CAT, response_url=slack.new_response_url())
    first, second = bot.send(slash), bot.send(slash)
    assert first.ack_text.startswith("⏳")
    assert second.ack_text.startswith(f"This request was already received as ref {first.ref}")
    assert_done(only_final(bot, first), first)
    assert len(new_reminders(toggl, before)) == 1
    assert len(requests_to(toggl, "POST", reminders_path(toggl))) == 1


def test_redelivery_after_the_result_still_runs_once(bot, worker, toggl, slack) -> None:
    before = reminder_ids(toggl)
    slash = SlashCommand(text=REMIND_CAT, response_url=slack.new_response_url())
    first = bot.send(slash)
    assert_done(only_final(bot, first), first)
    again = bot.send(slash)
    assert again.ack_text.startswith(f"This request was already received as ref {first.ref} (done)")
    time.sleep(1.5)
    assert len(bot.finals(first)) == 1
    assert len(new_reminders(toggl, before)) == 1


def test_same_write_delivered_to_two_web_processes_at_once_runs_once(env, worker, toggl, slack) -> None:
    webs = [BotDriver(create_app(Settings.from_env(env)), slack, toggl, SIGNING_SECRET) for _ in range(2)]
    before = reminder_ids(toggl)
    slash = SlashCommand(text=REMIND_CAT, response_url=slack.new_response_url())
    barrier = threading.Barrier(2)
    acks: list = []

    def deliver(web: BotDriver) -> None:
        barrier.wait(timeout=10)
        acks.append(web.send(slash))

    threads = [threading.Thread(target=deliver, args=(web,)) for web in webs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(acks) == 2 and acks[0].ref == acks[1].ref
    assert sum(a.ack_text.startswith("⏳") for a in acks) == 1
    assert sum(a.ack_text.startswith("This request was already received") for a in acks) == 1
    assert_done(only_final(bot=webs[0], sent=acks[0]), acks[0])
    assert len(new_reminders(toggl, before)) == 1
