"""Toggl faults and dying workers: each command still ends in exactly one final message."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from app import create_app
from bot.settings import Settings
from tests.conftest import SIGNING_SECRET, WorkerProcess
from tests.support import BotDriver, run_scheduled_now, scheduled_in, wait_until_quota_resets


def horse_pid(worker: WorkerProcess, timeout: float = 10.0) -> int:
    """The pid of the worker's work horse: the child that leads its own process
    group (the scheduler, the other child, stays in the worker's group)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True, text=True)
        for pid in (int(p) for p in out.stdout.split()):
            try:
                if os.getpgid(pid) == pid:
                    return pid
            except ProcessLookupError:
                continue
        time.sleep(0.05)
    raise AssertionError("no work horse appeared")


def wait_running(redis, ref: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while redis.hget(f"togglbot:ref:{ref}", "state") != b"running":
        assert time.monotonic() < deadline, "the job never started"
        time.sleep(0.05)


def test_default_workspace_comes_from_the_admin_tokens_profile(env, slack, toggl, tmp_path,
                                                               monkeypatch) -> None:
    monkeypatch.delenv("TOGGL_WORKSPACE_ID")
    without = {k: v for k, v in env.items() if k != "TOGGL_WORKSPACE_ID"}
    driver = BotDriver(create_app(Settings.from_env(without)), slack, toggl, SIGNING_SECRET)
    worker = WorkerProcess(without, tmp_path / "worker.log")
    worker.start()
    try:
        assert "Ann Admin" in str(driver.result(driver.command("users"))["blocks"])
    finally:
        worker.stop()
    assert toggl.requests[0].path == "/me"


def test_a_toggl_429_is_retried_after_five_seconds(bot, worker, toggl) -> None:
    toggl.fail_next(429, path_prefix=f"/workspaces/{toggl.demo['workspace']['id']}/workspace_users")
    result = bot.result(bot.command("users"), timeout=40)
    first, retry = [r for r in toggl.requests if "workspace_users" in r.path][:2]
    assert (first.status, retry.status) == (429, 200) and retry.at - first.at >= 4.9
    assert "Ann Admin" in str(result["blocks"])


def test_persistent_5xx_ends_in_one_failure_message(bot, worker, toggl) -> None:
    toggl.fail_next(503, count=10)
    sent = bot.command("users")
    result = bot.result(sent, timeout=30)
    assert result["text"].startswith("❌")
    assert "not answering properly" in result["text"]
    time.sleep(0.5)
    assert len(bot.finals(sent)) == 1


def test_plan_402_is_reported_with_togglss_message(bot, worker, toggl) -> None:
    toggl.fail_next(402, body='"Billable rates are available for Starter and higher plans."')
    result = bot.result(bot.command("users"))
    assert result["text"].startswith("❌")
    assert "Billable rates are available for Starter and higher plans" in result["text"]


def test_quota_402_defers_the_job_and_says_when(bot, worker, toggl, slack, redis) -> None:
    # long enough for a slow worker's first request to meet the empty quota, short enough to wait out
    toggl.set_quota(toggl.demo["admin_token"], remaining=0, resets_in=12)
    sent = bot.command("users")
    [interim] = slack.wait_for_responses(sent.response_url, count=1)
    assert interim.body["text"].startswith("⏸ Toggl's hourly request quota is used up")
    assert f"ref {sent.ref}" in interim.body["text"]
    # at least a minute, though Toggl said 12 s (the lower bound leaves a busy machine its delays)
    assert 45 <= scheduled_in(redis, f"cmd-{sent.ref}-d1") <= 61
    wait_until_quota_resets(redis, toggl.demo["admin_token"])
    assert run_scheduled_now(redis) == [f"cmd-{sent.ref}-d1"]
    result = bot.result(sent, timeout=30)
    assert "Ann Admin" in str(result["blocks"])
    assert redis.hget(f"togglbot:ref:{sent.ref}", "state") == b"done"


@pytest.mark.slow
def test_killed_work_horse_is_retried_and_answers_once(bot, worker, toggl, redis) -> None:
    toggl.delay_next(6, path_prefix="/workspaces")
    sent = bot.command("users")
    wait_running(redis, sent.ref)
    os.kill(horse_pid(worker), signal.SIGKILL)
    result = bot.result(sent, timeout=30)
    assert "Ann Admin" in str(result["blocks"])
    time.sleep(0.5)
    assert len(bot.finals(sent)) == 1


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_job_of_a_killed_worker_is_handled_by_the_next_worker(bot, worker, env, toggl, redis,
                                                              tmp_path) -> None:
    toggl.delay_next(30, path_prefix="/workspaces")
    sent = bot.command("users")
    wait_running(redis, sent.ref)
    horse = horse_pid(worker)
    os.kill(worker.process.pid, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    worker.process.wait()
    replacement = WorkerProcess(env, tmp_path / "replacement.log")
    replacement.start()
    try:
        started = time.monotonic()
        result = bot.result(sent, timeout=120)
        assert time.monotonic() - started < 120
        assert "Ann Admin" in str(result["blocks"])
        time.sleep(0.5)
        assert len(bot.finals(sent)) == 1
    finally:
        replacement.stop()
