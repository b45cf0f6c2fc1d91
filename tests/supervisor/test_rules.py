"""The supervisor's rules with small stand-in processes: a taken port, ``listening`` only after
``/healthz`` answers, a crash loop that ends, its own Redis in real mode stopped at the end."""
from __future__ import annotations

import io
import re
import signal
import socket
import sys
import time
from pathlib import Path

import pytest
import redis as redis_lib

from supervisor import loop
from supervisor.children import Child, Output
from tests.conftest import ROOT, free_port
from tests.supervisor.running import Run, alive

FAKE_WEB = f"web: {sys.executable} -m tests.supervisor.fake_web"
SLEEPER = f"worker: {sys.executable} -c 'import time; time.sleep(600)'"


def procfile(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "Procfile"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.timeout(30)
def test_a_taken_port_is_one_line_and_nothing_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = Run(tmp_path / "var", env={"PORT": str(port)}).start()
        assert run.process.wait(timeout=20) == 1
    time.sleep(0.2)  # its output reader finishes
    assert run.lines == [f"Port {port} is taken (another `make run`?): stop what listens there, "
                         "or choose another with PORT=<port> make run."]
    assert not (tmp_path / "var").exists()  # no sandbox, no Redis, nothing


@pytest.mark.timeout(30)
def test_listening_is_printed_only_once_healthz_answers(tmp_path: Path, redis_server: str) -> None:
    mark = tmp_path / "first-200"
    env = {"SLACK_SIGNING_SECRET": "x", "REDIS_URL": redis_server, "FAKE_WEB_SLOW": "2", "FAKE_WEB_MARK": str(mark)}
    run = Run(tmp_path / "var", env=env, procfile=procfile(tmp_path, FAKE_WEB, SLEEPER)).start()
    try:
        run.wait_listening()
        answered = float(mark.read_text())  # when the web process first answered 200
        assert run.saw_listening_wall >= answered
        assert run.own_lines()[:2] == ["Using the Redis at REDIS_URL (it answers; this run neither empties nor stops it)",
                                       f"Toggl Ops Bot listening on {run.url}"]
    finally:
        run.stop()


@pytest.mark.timeout(30)
def test_a_process_that_keeps_exiting_is_started_again_then_everything_stops(tmp_path: Path,
                                                                            monkeypatch) -> None:
    monkeypatch.setattr(loop, "BACKOFF", (0.1, 0.2))
    monkeypatch.setattr(loop, "MAX_RESTARTS", 3)
    stream = io.StringIO()
    out, port = Output(stream), free_port()
    env = {"GUNICORN_BIND": f"127.0.0.1:{port}", "PATH": "/usr/bin:/bin"}
    sup = loop.Supervisor(out, port)
    sup.start(Child("web", [sys.executable, "-m", "tests.supervisor.fake_web"], env, ROOT, out), tier=1)
    worker = sup.start(Child("worker", [sys.executable, "-c", "import time; time.sleep(1); raise SystemExit(3)"],
                             env, ROOT, out), tier=1)
    try:
        assert sup.run(lambda: out.say("LISTENING")) == 1
    finally:
        sup.stop()
    said = re.sub(r"pid \d+", "pid N", stream.getvalue()).splitlines()
    assert said == [
        "LISTENING",
        "worker exited (status 3); starting it again in 0.1 s", "worker started again (pid N)",
        "worker exited (status 3); starting it again in 0.2 s", "worker started again (pid N)",
        "worker exited (status 3); starting it again in 0.2 s", "worker started again (pid N)",
        "worker exited 4 times in a row, each within 30 s of starting (status 3 the last time); stopping everything",
        "stopped"]
    assert worker.exit_status() == 3


@pytest.mark.timeout(30)
def test_in_real_mode_a_silent_local_redis_url_gets_a_redis_server_that_stops_with_it(tmp_path: Path) -> None:
    port = free_port()
    env = {"SLACK_SIGNING_SECRET": "x", "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    run = Run(tmp_path / "var", env=env, procfile=procfile(tmp_path, FAKE_WEB, SLEEPER)).start()
    try:
        run.wait_listening()
        assert f"Starting a redis-server on port {port} (data in {tmp_path / 'var'})" in run.own_lines()
        pid = int((tmp_path / "var" / f"redis-{port}.pid").read_text())
        redis_lib.Redis(port=port).set("stays", "on disk")
        assert run.signal(signal.SIGTERM) == 0
        assert not alive(pid) and not (tmp_path / "var" / f"redis-{port}.pid").exists()
        assert (tmp_path / "var" / "appendonlydir").is_dir()  # its data stays for the next run
    finally:
        run.stop()


@pytest.mark.timeout(30)
def test_web_and_worker_share_a_metrics_directory_emptied_at_start(tmp_path: Path, redis_server: str) -> None:
    metrics = tmp_path / "var" / "metrics"
    metrics.mkdir(parents=True)
    (metrics / "counter_123.db").write_text("an earlier run's")
    show = "import os, time; print('METRICS=' + os.environ['PROMETHEUS_MULTIPROC_DIR'], flush=True); time.sleep(600)"
    env = {"SLACK_SIGNING_SECRET": "x", "REDIS_URL": redis_server}
    run = Run(tmp_path / "var", env=env, procfile=procfile(tmp_path, FAKE_WEB, f'worker: {sys.executable} -c "{show}"'))
    run.start()
    try:
        run.wait_for(f"worker | METRICS={metrics}")
        assert not list(metrics.iterdir())
    finally:
        run.stop()
