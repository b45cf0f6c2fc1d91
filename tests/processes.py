"""Real processes for tests: a redis-server of a test's own, and the Procfile's web command."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import redis as redis_lib
import requests

from tests.conftest import ProcfileProcess, free_port


class RedisServer:
    """A redis-server of this test's own on a fixed port, to stop, hang and restart."""

    def __init__(self, workdir: Path, persistent: bool = False):
        self.port = free_port()
        self.workdir = workdir
        self.persistent = persistent  # AOF, written at every command: a restart keeps everything
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else ["--appendonly", "no"]
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *persistence,
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        client = redis_lib.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis_lib.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
            finally:
                client.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)  # in case a test left it hung
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def hang(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


class WebProcess(ProcfileProcess):
    """The Procfile's web command (gunicorn with ./gunicorn.conf.py) on a free port."""

    name = "web"

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__({**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                          "WEB_CONCURRENCY": str(workers)}, log_path)

    def start(self, healthy: bool = True) -> None:
        """Start gunicorn and wait until it answers (``/healthz`` 200 unless not ``healthy``)."""
        super().start()
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, self.output()
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200 or not healthy:
                    return
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "gunicorn did not come up:\n" + self.output()
            time.sleep(0.1)

    def worker_pids(self) -> set[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True,
                             check=False)
        return {int(pid) for pid in out.stdout.split()}
