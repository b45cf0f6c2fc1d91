"""``python -m supervisor`` (what ``make run`` runs) as a real process of a test's own."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import requests

from tests.conftest import ROOT, free_port

REAL_SETTINGS = ("SLACK_", "TOGGL", "TOGGLBOT_", "REDIS_URL", "PORT", "GUNICORN_", "PROMETHEUS_MULTIPROC_DIR")


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``condition`` until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Running (a zombie, waiting to be reaped by its parent, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``."""
    found, todo = set(), [pid]
    while todo:
        out = subprocess.run(["pgrep", "-P", str(todo.pop())], capture_output=True, text=True, check=False)
        for child in map(int, out.stdout.split()):
            found.add(child)
            todo.append(child)
    return found


class Run:
    """The supervisor with ``env`` (on top of this environment without any bot setting), its
    files under ``var``, its output collected."""

    def __init__(self, var: Path, env: dict[str, str] | None = None, procfile: Path | None = None):
        self.var = var
        self.port = free_port()
        base = {k: v for k, v in os.environ.items() if not k.startswith(REAL_SETTINGS)}
        self.env = {**base, "PORT": str(self.port), **(env or {})}
        self.args = ["--var", str(var)] + (["--procfile", str(procfile)] if procfile else [])
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None
        self.lines: list[str] = []
        self.saw_listening_wall = 0.0  # time.time() when the output said "listening"

    def start(self) -> "Run":
        self.process = subprocess.Popen([sys.executable, "-m", "supervisor", *self.args], cwd=ROOT, env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            if "listening on" in line and not self.saw_listening_wall:
                self.saw_listening_wall = time.time()
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def own_lines(self) -> list[str]:
        """What the supervisor itself said (not the children's output)."""
        return [line for line in self.lines if "| " not in line[:9]]

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        wait_until(lambda: text in self.output() or self.process.poll() is not None, timeout, repr(text))
        assert text in self.output(), f"{text!r} never came; it exited:\n{self.output()[-3000:]}"

    def wait_listening(self, timeout: float = 30.0) -> None:
        self.wait_for("listening on", timeout)

    def pids(self) -> set[int]:
        return descendants(self.process.pid)

    def child_pid(self, marker: str) -> int:
        """The pid of the supervisor's child whose command line contains ``marker``."""
        for pid in map(int, subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                                           text=True, check=False).stdout.split()):
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if marker.encode() in cmdline.read():
                    return pid
        raise AssertionError(f"no child runs {marker!r}")

    def signal(self, sig: int) -> int:
        """Send ``sig`` and wait for the supervisor to end; its exit status."""
        self.process.send_signal(sig)
        return self.process.wait(timeout=25)

    def health(self) -> int:
        return requests.get(self.url + "/healthz", timeout=5).status_code

    def stop(self) -> None:
        """Whatever the test did: the supervisor and everything below it are gone after this."""
        if self.process is None:
            return
        below = self.pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for pid in below:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
