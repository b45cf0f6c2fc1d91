"""SPEC §16: the worker survives a Redis restart — it reconnects, finishes the job it was running
and carries on with the next ones, in the same process (a real gunicorn, rq worker and
redis-server with AOF, restarted twice: once in the middle of a job, once while the worker waits)."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.test_faults_processes import Stack, assert_result_arrives, running, workspace_id


@pytest.fixture
def persistent_stack(env, tmp_path, slack, monkeypatch) -> Iterator[Stack]:
    with running(Stack(env, tmp_path, slack, persistent=True), monkeypatch) as stack:
        yield stack


def restart(stack: Stack, down: float) -> None:
    stack.redis.stop()
    time.sleep(down)  # Redis is away for a while: what is measured is what the worker does meanwhile
    stack.redis.start()


@pytest.mark.timeout(60)
def test_the_worker_finishes_its_job_across_a_redis_restart_and_carries_on(persistent_stack: Stack,
                                                                            toggl) -> None:
    stack = persistent_stack
    worker_pid = stack.worker.process.pid
    member = f"/workspaces/{workspace_id(toggl)}/workspace_users/5003"
    toggl.delay_next(3, path_prefix=member, after=True)  # Toggl applies the write, answers 3 s later
    response, _, url = stack.command("user set cat@acme.test rate=66")
    assert response.json()["text"].startswith("⏳"), response.json()["text"]
    deadline = time.monotonic() + 20
    while toggl.state.workspace_users[5003]["rate"] != 66:
        assert time.monotonic() < deadline, "the write never reached Toggl"
        time.sleep(0.05)
    restart(stack, down=4)  # the answer comes while Redis is away: the job waits for it
    assert assert_result_arrives(stack, url, timeout=30)["text"].startswith("✅ Updated Cat Coder")

    restart(stack, down=2)  # now while the worker waits for jobs
    response, _, url = stack.command("users")
    assert response.json()["text"].startswith("⏳"), response.json()["text"]
    assert "Ann Admin" in str(assert_result_arrives(stack, url, timeout=20))
    assert stack.worker.process.poll() is None and stack.worker.process.pid == worker_pid
    assert "quitting" not in stack.worker.output()
    assert len(stack.slack.responses_for(url)) == 1
