"""The worker's own loop waits out a Redis outage however long; its forks (work horses, the
scheduler) and a stopping worker give up; RQ's loop ending on an error is exit status 1, not 0."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import redis as redis_lib
from rq import Worker

from tests.processes import RedisServer
from workers import patient_redis
from workers.patient_redis import PatientRedis, WaitingRetry, WaitsForRedis, stop_waiting
from workers.worker import BotWorker


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(patient_redis, "RETRIES", 2)  # a forked process gives up within about a second
    monkeypatch.setattr(patient_redis, "_STOPPING", threading.Event())  # this test's own stop flag
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def outage(server: RedisServer, seconds: float) -> threading.Thread:
    """Stop the server now; start it again (same port, empty) ``seconds`` later."""
    server.stop()
    thread = threading.Timer(seconds, server.start)
    thread.start()
    return thread


def ping_in_a_fork(client: redis_lib.Redis) -> int:
    """Exit status of a forked process that pings: 0 answered, 1 gave up."""
    pid = os.fork()
    if pid == 0:
        try:
            client.ping()
            os._exit(0)
        except redis_lib.ConnectionError:
            os._exit(1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.timeout(30)
def test_the_process_that_waits_outlasts_any_retry_count_and_its_forks_do_not(server: RedisServer) -> None:
    client = PatientRedis.from_url(server.url)
    client.set_retry(WaitingRetry())
    client.ping()
    started = time.monotonic()
    restart = outage(server, 4)
    assert client.ping()  # two retries would have given up long before the restart
    assert time.monotonic() - started >= 3.5
    restart.join()

    restart = outage(server, 6)
    assert ping_in_a_fork(client) == 1  # a work horse's or the scheduler's command: about RETRIES tries
    assert server.process is None or server.process.poll() is not None  # it gave up while Redis was away
    restart.join()
    assert ping_in_a_fork(client) == 0


@pytest.mark.timeout(30)
def test_a_stopping_worker_waits_no_longer(server: RedisServer) -> None:
    client = PatientRedis.from_url(server.url)
    client.set_retry(WaitingRetry())
    client.ping()
    restart = outage(server, 3)
    stop_waiting()  # what SIGTERM does (WaitsForRedis.request_stop)
    with pytest.raises(redis_lib.ConnectionError):
        client.ping()
    restart.join()


class Probe(WaitsForRedis, Worker):
    """RQ's worker with the bot's Redis handling (BotWorker also checks settings, builds services)."""


def test_the_bot_worker_waits_for_redis() -> None:
    assert issubclass(BotWorker, WaitsForRedis) and BotWorker.__mro__.index(WaitsForRedis) < BotWorker.__mro__.index(Worker)


@pytest.mark.parametrize("ended", ["stop requested", "burst", "max jobs", "error"])
def test_rqs_loop_ending_on_an_error_is_exit_status_1(ended: str, redis_server: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patient_redis, "_STOPPING", threading.Event())
    monkeypatch.setattr(Worker, "work", lambda self, *args, **kwargs: False)  # RQ's loop, ended
    worker = Probe(["togglbot"], connection=PatientRedis.from_url(redis_server))
    assert isinstance(worker.connection.get_connection_kwargs()["retry"], WaitingRetry)
    if ended == "stop requested":
        monkeypatch.setattr(Worker, "request_stop", lambda self, signum, frame: None)
        worker.request_stop(15, None)
        assert patient_redis._STOPPING.is_set()
    kwargs = {"burst": {"burst": True}, "max jobs": {"max_jobs": 1}}.get(ended, {})
    if ended == "error":
        with pytest.raises(SystemExit) as exit_:
            worker.work(**kwargs)
        assert exit_.value.code == 1
    else:
        assert worker.work(**kwargs) is False
