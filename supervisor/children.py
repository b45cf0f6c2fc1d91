"""Supervised processes: each in a session (and process group) of its own, its output printed
line by line under its name, stopped with SIGTERM to its group and then SIGKILL to the group
and to every process it started (an RQ work horse leads a group of its own)."""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

GRACE = 10.0  # seconds between SIGTERM and SIGKILL (RQ lets the current job finish first)


class Output:
    """The terminal, shared by the supervisor and the children; quiet once it is gone (SIGHUP)."""

    def __init__(self, stream: IO[str] | None = None):
        self._stream = stream or sys.stdout
        self._lock = threading.Lock()

    def say(self, text: str) -> None:
        """Print ``text`` as one block; a closed terminal is ignored."""
        with self._lock:
            try:
                self._stream.write(text + "\n")
                self._stream.flush()
            except (OSError, ValueError):
                pass


def read_procfile(path: Path) -> dict[str, list[str]]:
    """``name: command`` lines of a Procfile, the commands split into words."""
    commands = {}
    for line in path.read_text().splitlines():
        name, colon, command = line.partition(":")
        if colon and name.strip() and not name.startswith("#"):
            commands[name.strip()] = shlex.split(command)
    return commands


class Child:
    """One process: started, watched, stopped; started again by the supervisor when it exits."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path, out: Output,
                 log_file: Path | None = None):
        self.name = name
        self.argv = argv
        self.env = env
        self.cwd = cwd
        self.out = out
        self.log_file = log_file  # output to this file instead of the terminal
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> None:
        """Start the command in a new session; its output goes to the terminal or its log file."""
        target = subprocess.PIPE
        if self.log_file is not None:  # private (0600): the sandbox's log holds its secrets
            target = os.open(self.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            self.process = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                                            stdout=target, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            if self.log_file is not None:
                os.close(target)
        self.started_at = time.monotonic()
        if self.process.stdout is not None:
            threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True).start()

    def _pump(self, stream: IO[bytes]) -> None:
        for raw in stream:  # read to the end even when nobody sees it: a full pipe would block the child
            self.out.say(f"{self.name:<7}| {raw.decode(errors='replace').rstrip()}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def exit_status(self) -> int | None:
        """None while it runs; else its status (negative: the signal that killed it)."""
        return None if self.process is None else self.process.poll()

    def uptime(self) -> float:
        return time.monotonic() - self.started_at


def describe(status: int) -> str:
    """``status 1`` or ``killed by SIGKILL``."""
    if status < 0:
        return f"killed by {signal.Signals(-status).name}"
    return f"status {status}"


def descendants(pids: set[int]) -> set[int]:
    """Every process started by one of ``pids`` (children, grandchildren, …), from ``ps``."""
    listing = subprocess.run(["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True, check=False)
    children: dict[int, set[int]] = {}
    for line in listing.stdout.splitlines():
        pid, ppid = (int(word) for word in line.split())
        children.setdefault(ppid, set()).add(pid)
    found: set[int] = set()
    todo = list(pids)
    while todo:
        for child in children.get(todo.pop(), set()) - found:
            found.add(child)
            todo.append(child)
    return found


def _signal(pid: int, sig: signal.Signals, group: bool = False) -> None:
    try:
        os.killpg(pid, sig) if group else os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all(children: list[Child], grace: float = GRACE) -> None:
    """SIGTERM to each running child's group; after ``grace`` seconds SIGKILL to whatever of
    theirs is left, the processes they started included; then reap them."""
    running = [child for child in children if child.exit_status() is None]
    if not running:
        return
    started = descendants({child.pid for child in running})
    for child in running:
        _signal(child.pid, signal.SIGTERM, group=True)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(child.exit_status() is None for child in running):
        started |= descendants({child.pid for child in running if child.exit_status() is None})
        time.sleep(0.1)
    for child in running:
        _signal(child.pid, signal.SIGKILL, group=True)
    for pid in started:
        _signal(pid, signal.SIGKILL)
    for child in running:
        assert child.process is not None
        child.process.wait()
