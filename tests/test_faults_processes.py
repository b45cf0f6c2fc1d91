"""Faults of real processes (SPEC §8): Redis stopped or hung under a real gunicorn
web process and rq worker, and a worker SIGKILLed in the middle of a Toggl write.

Every process started here is stopped here (the Redis tests use their own
redis-server on a free port, so stopping it disturbs no other test).
"""
from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from fakes.slack_requests import SlashCommand, post_signed
from tests.conftest import SIGNING_SECRET, WorkerProcess
from tests.processes import RedisServer, WebProcess
from tests.workers.test_faults import horse_pid, wait_running

UNAVAILABLE = "queue is unavailable, nothing was changed"
REMIND_CAT = "reminder add 6h daily cat@acme.test"


class Stack:
    """Own Redis, gunicorn web and rq worker, wired to the test's Toggl and Slack fakes."""

    def __init__(self, env: dict[str, str], tmp_path: Path, slack, persistent: bool = False):
        self.redis = RedisServer(tmp_path, persistent)
        self.env = {**env, "REDIS_URL": self.redis.url}
        self.web = WebProcess(self.env, tmp_path / "web.log")
        self.worker = WorkerProcess(self.env, tmp_path / "worker.log")
        self.slack = slack

    def command(self, text: str, user: str = "U0ADMIN1") -> tuple[requests.Response, float, str]:
        """POST a signed ``/toggl <text>`` over HTTP: the response, seconds taken, response_url."""
        response_url = self.slack.new_response_url()
        body = SlashCommand(text=text, user_id=user, response_url=response_url).body()
        started = time.monotonic()
        response = post_signed(self.web.url, SIGNING_SECRET, body, timeout=10)
        return response, time.monotonic() - started, response_url

    def healthz(self) -> tuple[int, float]:
        started = time.monotonic()
        status = requests.get(self.web.url + "/healthz", timeout=10).status_code
        return status, time.monotonic() - started


@pytest.fixture
def stack(env, tmp_path, slack, monkeypatch, request) -> Iterator[Stack]:
    with running(Stack(env, tmp_path, slack, persistent=getattr(request, "param", False)), monkeypatch) as up:
        yield up


@contextmanager
def running(stack: Stack, monkeypatch) -> Iterator[Stack]:
    """Redis, then the worker and the web process of ``stack``; stopped in the reverse order."""
    monkeypatch.setenv("REDIS_URL", stack.redis.url)
    stack.redis.start()
    try:
        stack.worker.start()
        stack.web.start()
        yield stack
    finally:
        stack.web.stop()
        stack.worker.stop()
        stack.redis.stop()


def assert_unavailable_ack(response: requests.Response, took: float) -> None:
    assert response.status_code == 200
    assert took < 3, f"the ack took {took:.2f} s"
    text = response.json()["text"]
    assert UNAVAILABLE in text and not text.startswith(("⏳", "✅")), text


def assert_result_arrives(stack: Stack, response_url: str, timeout: float = 60) -> dict:
    [post] = stack.slack.wait_for_responses(response_url, count=1, timeout=timeout)
    return post.body


# ------------------------------------------------------------------ worker killed mid-write
def workspace_id(toggl) -> int:
    return toggl.demo["workspace"]["id"]


def wait_taken(toggl, pending: int, timeout: float = 20.0) -> None:
    """Until the fake has taken queued faults down to ``pending``: the delayed write
    has reached Toggl, which now sleeps and then applies it whoever is still waiting."""
    deadline = time.monotonic() + timeout
    while toggl._faults.pending() > pending:
        assert time.monotonic() < deadline, "the write never reached Toggl"
        time.sleep(0.02)


def kill_worker_mid_job(worker: WorkerProcess) -> None:
    """SIGKILL the work horse and the worker (and its scheduler, in the worker's group)."""
    horse = horse_pid(worker)
    os.killpg(worker.process.pid, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    worker.process.wait()


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_workers_killed_mid_write_then_a_new_worker_ends_each_command_once(bot, env, toggl, redis,
                                                                          tmp_path) -> None:
    """Two workers, each SIGKILLed (horse and all) while its Toggl write is in flight:
    a ``reminder add`` POST and a ``user set`` PUT. Toggl applies both anyway. A new
    worker finds both orphans (heartbeats, workers/worker.py) and retries them: one
    final message each, one reminder, one PUT: the retry reads both back before
    writing again. Both variants share one test because finding orphans takes
    about a minute."""
    wid = workspace_id(toggl)
    reminders = f"/workspaces/{wid}/track_reminders"
    cat = next(wu for wu, user in zip(toggl.demo["workspace_users"], toggl.demo["users"])
               if user["email"] == "cat@acme.test")
    member = f"/workspaces/{wid}/workspace_users/{cat['id']}"
    with toggl.state.lock:
        before = set(toggl.state.reminders)
    toggl.delay_next(8, path_prefix=reminders)
    toggl.delay_next(6, path_prefix=member)
    workers = [WorkerProcess(env, tmp_path / f"worker{i}.log") for i in (1, 2)]
    replacement = WorkerProcess(env, tmp_path / "replacement.log")
    try:
        workers[0].start()
        remind = bot.command(REMIND_CAT)
        wait_running(redis, remind.ref)
        wait_taken(toggl, pending=1)
        workers[1].start()
        user_set = bot.command("user set cat@acme.test rate=77 working_hours=7h")
        wait_running(redis, user_set.ref)
        wait_taken(toggl, pending=0)
        for worker in workers:
            kill_worker_mid_job(worker)
        replacement.start()
        results = {sent.ref: bot.result(sent, timeout=150) for sent in (remind, user_set)}
        time.sleep(1.5)
        for sent in (remind, user_set):
            finals = bot.finals(sent)
            assert len(finals) == 1, [f.get("text") for f in finals]
    finally:
        replacement.stop()
        for worker in workers:
            worker.stop()

    assert results[remind.ref]["text"].startswith("✅"), results[remind.ref]["text"]
    with toggl.state.lock:
        created = [dict(r) for rid, r in toggl.state.reminders.items() if rid not in before]
        cat_now = dict(toggl.state.workspace_users[cat["id"]])
    assert len(created) == 1, created
    assert created[0]["threshold"] == 6 and created[0]["user_ids"] == [toggl.demo["users"][2]["id"]]
    assert len([r for r in toggl.requests if r.method == "POST" and r.path == reminders]) == 1
    assert [r for r in toggl.requests if r.method == "GET" and r.path == reminders], "no read-back"

    assert results[user_set.ref]["text"].startswith("✅"), results[user_set.ref]["text"]
    assert "billable rate 45.00 → 77.00 EUR; working hours 8h → 7h" in results[user_set.ref]["text"]
    assert (cat_now["rate"], cat_now["working_hours_in_minutes"]) == (77, 420)
    [put] = [r for r in toggl.requests if r.method == "PUT"]
    assert put.path == member and put.json == {"rate": 77.0, "working_hours_in_minutes": 420}

    audited = sorted(f[b"ref"].decode() for _, f in redis.xrange("togglbot:audit"))
    assert audited == sorted([remind.ref, user_set.ref])  # one audit entry per command


# ------------------------------------------------------------------ Redis stopped / hung
@pytest.mark.timeout(150)
def test_redis_stopped_while_commands_arrive_and_back_without_restarts(stack: Stack, toggl) -> None:
    response, _, url = stack.command("users")
    assert response.json()["text"].startswith("⏳")
    assert "Ann Admin" in str(assert_result_arrives(stack, url))
    web_pids, worker_pid = stack.web.worker_pids(), stack.worker.process.pid
    toggl.clear_requests()

    stack.redis.stop()
    assert stack.healthz()[0] == 503
    down_urls = []
    for _ in range(4):  # spread over a few seconds: the worker backs off meanwhile
        response, took, url = stack.command("users")
        assert_unavailable_ack(response, took)
        down_urls.append(url)
        time.sleep(1.5)
    response, took, _ = stack.command("user set cat@acme.test role=admin")
    assert_unavailable_ack(response, took)
    response, took, _ = stack.command("help")  # needs no Redis
    assert response.status_code == 200 and "what you can do" in response.json()["text"]
    assert stack.healthz()[0] == 503
    time.sleep(1)
    assert not toggl.requests, "a command reached Toggl while Redis was down"

    stack.redis.start()  # the same port, empty (no persistence): the harder case
    response, took, url = stack.command("users")
    assert response.status_code == 200 and took < 3
    assert response.json()["text"].startswith("⏳ list workspace users — ref "), response.json()["text"]
    assert "Ann Admin" in str(assert_result_arrives(stack, url, timeout=90))
    assert stack.healthz()[0] == 200
    # nothing that was refused runs later, and nobody was restarted
    assert all(not stack.slack.responses_for(u) for u in down_urls)
    assert stack.worker.process.poll() is None and stack.web.process.poll() is None
    assert stack.worker.process.pid == worker_pid and stack.web.worker_pids() == web_pids


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_redis_hung_still_gets_an_ack_within_3_seconds(stack: Stack, toggl) -> None:
    stack.redis.hang()  # SIGSTOP: connections are accepted, nothing is answered
    try:
        for _ in range(3):
            response, took, _ = stack.command("users")
            assert_unavailable_ack(response, took)
        status, took = stack.healthz()
        assert status == 503 and took < 3
        # a web process that starts now has no connection yet: connecting must not add up
        stack.web.stop()
        stack.web.start(healthy=False)
        for _ in range(4):
            response, took, _ = stack.command("users")
            assert_unavailable_ack(response, took)
    finally:
        stack.redis.resume()
    response, took, url = stack.command("users")
    assert response.status_code == 200 and took < 3
    assert response.json()["text"].startswith("⏳"), response.json()["text"]
    assert "Ann Admin" in str(assert_result_arrives(stack, url, timeout=90))
    assert not [r for r in toggl.requests if r.method != "GET"]


@pytest.mark.timeout(150)
@pytest.mark.parametrize("stack", [True], indirect=True, ids=["persistent Redis"])
def test_redis_restarted_while_a_write_is_in_flight_ends_the_command_once(stack: Stack, toggl) -> None:
    """Toggl carries the write out and answers late; meanwhile Redis restarts (with its data).
    The worker rides out the restart and ends the command with one ✅; the write is sent once."""
    member = f"/workspaces/{workspace_id(toggl)}/workspace_users/5003"
    toggl.delay_next(6, path_prefix=member, after=True)
    worker_pid = stack.worker.process.pid
    response, _, url = stack.command("user set cat@acme.test rate=77")
    assert response.json()["text"].startswith("⏳"), response.json()["text"]
    deadline = time.monotonic() + 30
    while toggl.state.workspace_users[5003]["rate"] != 77:  # Toggl has done it; the answer is 6 s away
        assert time.monotonic() < deadline, "the write never reached Toggl"
        time.sleep(0.05)
    stack.redis.stop()
    time.sleep(1)  # down for a moment, not just a blip
    stack.redis.start()
    result = assert_result_arrives(stack, url, timeout=90)
    assert result["text"].startswith("✅ Updated Cat Coder"), result["text"]
    deadline = time.monotonic() + 30
    while not [r for r in toggl.requests if r.method == "PUT"]:  # recorded once its late answer is sent
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1)
    assert len(stack.slack.responses_for(url)) == 1
    assert [r.method for r in toggl.requests if r.method != "GET"] == ["PUT"]
    assert stack.worker.process.poll() is None and stack.worker.process.pid == worker_pid
