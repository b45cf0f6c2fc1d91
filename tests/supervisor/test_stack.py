"""``make run`` in sandbox mode, for real: the sandbox, its own redis-server, gunicorn and the RQ
worker under ``python -m supervisor``. Stopped by signals, a killed worker started again, a Redis
it did not start left as it was, and the console across a bot restart."""
from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib

from sandbox import state as sandbox_state
from sandbox.console import Console
from sandbox.reconnect import RESTARTED
from tests.processes import RedisServer
from tests.sandbox.test_console import shown
from tests.supervisor.running import Run, alive, wait_until

WEB, WORKER = "app:create_app()", "workers.worker.BotWorker"


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    run = Run(tmp_path / "var").start()
    try:
        run.wait_listening()
        yield run
    finally:
        run.stop()


def console_of(run: Run) -> tuple[Console, io.StringIO]:
    state_file = run.var / "sandbox.json"
    out = io.StringIO()
    console = Console(sandbox_state.load(state_file), run.url, out=out, state_path=state_file)
    console.learn_dm_channels()
    console.skip_history()
    return console, out


def refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.timeout(60)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_stops_everything_it_started_and_its_redis(run: Run, sig: signal.Signals) -> None:
    assert run.health() == 200  # "listening" came once /healthz answered
    pids = run.pids()
    redis_pid, web_pid, worker_pid = (run.child_pid(m) for m in ("redis-server", WEB, WORKER))
    assert {redis_pid, web_pid, worker_pid} < pids and len(pids) >= 6  # + sandbox, gunicorn's workers

    assert run.signal(sig) == 0
    wait_until(lambda: not any(alive(pid) for pid in pids), 5, "every process it started to end")
    assert run.own_lines()[-2:] == [f"{sig.name} received: stopping everything", "stopped"]
    assert not list(run.var.glob("redis-*.pid")) and not list(run.var.glob("redis-*/"))
    assert refused(run.port)


@pytest.mark.timeout(60)
def test_a_killed_worker_is_started_again_and_runs_commands(run: Run) -> None:
    worker = run.child_pid(WORKER)
    os.killpg(worker, signal.SIGKILL)
    run.wait_for("worker exited (killed by SIGKILL); starting it again in 0.5 s")
    run.wait_for("worker started again (pid ")
    assert run.child_pid(WORKER) != worker
    console, out = console_of(run)
    console.handle("/toggl users")
    assert "Dan Designer" in shown(console, out, "Ann Admin")
    assert run.process.poll() is None


@pytest.mark.timeout(60)
def test_the_console_survives_a_bot_restart_with_one_line(run: Run) -> None:
    console, out = console_of(run)
    web = run.child_pid(WEB)
    os.killpg(web, signal.SIGKILL)  # gunicorn and its workers: the port closes
    wait_until(lambda: refused(run.port), 5, "the web process to be gone")
    console.handle("/toggl users")  # refused: one line, wait for the bot, then sent
    text = shown(console, out, "Ann Admin")
    assert text.count(RESTARTED) == 1 and text.splitlines()[0] == RESTARTED, text
    assert "↳ ack (only @ann sees)\n    ⏳ list workspace users" in text and "Traceback" not in text
    run.wait_for("web exited (killed by SIGKILL); starting it again")
    run.wait_for("web answers again")
    assert run.child_pid(WEB) != web


def start_stale_redis(var: Path) -> tuple[subprocess.Popen, int, redis_lib.Redis]:
    """A redis-server as an earlier ``make run`` left it: its pidfile under var/, a key in it."""
    from tests.conftest import free_port

    port = free_port()
    var.mkdir(parents=True)
    (var / f"redis-{port}").mkdir()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--dir", str(var / f"redis-{port}"), "--pidfile", str(var / f"redis-{port}.pid")],
                               stdout=subprocess.DEVNULL)
    client = redis_lib.Redis(port=port)
    wait_until(lambda: (var / f"redis-{port}.pid").exists() and _pings(client), 10, "the stale redis-server")
    client.set("kept", "yes")
    return process, port, client


def _pings(client: redis_lib.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis_lib.ConnectionError:
        return False


@pytest.mark.timeout(60)
def test_a_redis_left_by_an_earlier_run_is_neither_used_nor_emptied_nor_stopped(tmp_path: Path) -> None:
    var = tmp_path / "var"
    stale, port, client = start_stale_redis(var)
    run = Run(var).start()
    try:
        run.wait_listening()
        assert (f"A redis-server from an earlier run is still running (pid {stale.pid}, port {port}); "
                f"left alone and not used — `kill {stale.pid}` stops it") in run.own_lines()
        own = int(re.search(r"Starting a redis-server on port (\d+)", run.output())[1])
        assert own != port and redis_lib.Redis(port=own).get("kept") is None
        assert run.signal(signal.SIGTERM) == 0
        assert client.get("kept") == b"yes" and stale.poll() is None
        assert (var / f"redis-{port}.pid").exists() and (var / f"redis-{port}").is_dir()
    finally:
        run.stop()
        stale.terminate()
        stale.wait()


@pytest.mark.timeout(60)
def test_a_redis_at_redis_url_is_used_but_never_emptied_or_stopped(tmp_path: Path) -> None:
    server = RedisServer(tmp_path)
    server.start()
    client = redis_lib.Redis.from_url(server.url)
    client.set("kept", "yes")
    run = Run(tmp_path / "var", env={"REDIS_URL": server.url}).start()
    try:
        run.wait_listening()
        assert "Starting a redis-server" not in run.output()
        assert "Using the Redis at REDIS_URL (it answers; this run neither empties nor stops it)" in run.own_lines()
        assert client.get("kept") == b"yes" and client.keys("rq:worker:*")  # the worker uses it
        assert run.signal(signal.SIGTERM) == 0
        assert client.get("kept") == b"yes" and server.process.poll() is None
    finally:
        run.stop()
        server.stop()
