"""Processes the benchmark starts and always stops: redis-server, gunicorn, rq workers.

Everything listens on 127.0.0.1 only. Each process is started in its own session
(process group = its pid) so that ``stop`` can end it and its children (gunicorn
workers, RQ work horses and scheduler) by that id, and nothing else.
"""
from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional

import redis as redis_lib
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIGNING_SECRET = "bench-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-bench-bot-token"
ADMIN = "U0ADMIN1"
ADMIN2 = "U0ADMIN2"
MEMBER = "U0MEMBER"

# Every variable the app reads, so that a developer's .env cannot leak into a run
# (python-dotenv never overrides a variable that is set, even to "").
_APP_VARIABLES = (
    "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_API_URL", "SLACK_APP_TOKEN", "REDIS_URL",
    "TOGGL_API_URL", "TOGGL_API_TOKEN", "TOGGL_WORKSPACE_ID", "TOGGL_ORGANIZATION_ID",
    "TOGGLBOT_ADMINS", "TOGGLBOT_APPROVERS", "TOGGLBOT_APPROVAL_CHANNEL", "TOGGLBOT_NOTIFY_CHANNEL",
    "TOGGLBOT_APPROVAL_REQUIRED", "TOGGLBOT_APPROVAL_TTL", "TOGGLBOT_SECRET_KEY", "TOGGL_TIMEOUT",
    "TOGGLBOT_WORKSPACES", "TOGGLBOT_MAX_AMOUNT", "TOGGLBOT_PUBLIC_URL", "TOGGL_WEBHOOKS_API_URL",
    "TOGGLBOT_DIGEST_AT",
)
# gunicorn.conf.py reads these with defaults: unset them, so the repo's defaults apply.
_GUNICORN_VARIABLES = ("PORT", "GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS")


def final_post(slack, url: str):
    """The first non-interim post to a response_url (a command's final message), or None."""
    finals = slack.final_responses(url)
    return finals[0] if finals else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], object], timeout: float, interval: float = 0.05,
               what: str = "condition") -> object:
    """Poll ``predicate`` until truthy; TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def bot_env(redis_url: str, toggl_url: str, slack_api_url: str, admin_token: str,
            workspace_id: int, secret_key: str, **extra: str) -> dict[str, str]:
    """The environment of web and worker processes (all app variables set explicitly)."""
    values = {name: "" for name in _APP_VARIABLES}
    values.update({
        "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack_api_url, "REDIS_URL": redis_url, "TOGGL_API_URL": toggl_url,
        "TOGGL_API_TOKEN": admin_token, "TOGGL_WORKSPACE_ID": str(workspace_id),
        "TOGGLBOT_ADMINS": f"{ADMIN},{ADMIN2}", "TOGGLBOT_APPROVAL_REQUIRED": "",
        "TOGGLBOT_APPROVAL_TTL": "24h", "TOGGLBOT_SECRET_KEY": secret_key, "TOGGL_TIMEOUT": "5",
    })
    values.update(extra)
    # Keep PATH etc.; drop any app variable inherited from the caller's shell.
    base = {k: v for k, v in os.environ.items()
            if k not in _APP_VARIABLES and k not in _GUNICORN_VARIABLES}
    return {**base, **values, "PYTHONUNBUFFERED": "1", "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}


def new_secret_key() -> str:
    return Fernet.generate_key().decode()


def procfile_command(name: str) -> list[str]:
    """The Procfile line of process ``name``, split into words, binary from the venv."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        key, _, command = line.partition(":")
        if key.strip() == name:
            words = shlex.split(command.strip())
            words[0] = str(BIN / words[0])
            return words
    raise KeyError(name)


STARTED: list["Managed"] = []  # everything started in this run, for stop_all()


def stop_all() -> None:
    """Stop whatever is still running (used on errors, timeouts and Ctrl-C)."""
    for process in reversed(STARTED):
        if process.alive():
            process.process.terminate()
    for process in reversed(STARTED):
        process.stop(grace=5)


class Managed:
    """A subprocess in its own session, logged to a file; ``stop`` ends its group."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_path: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_path
        self.process: Optional[subprocess.Popen] = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> "Managed":
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        STARTED.append(self)
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM the process, wait ``grace`` s, then SIGKILL its descendants (an RQ work
        horse has its own process group) and the process group we created."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        for pid in descendants(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:  # leftovers of the group we created (pgid == our child's pid)
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


class RedisServer(Managed):
    """A private redis-server on a free port (never the machine's own 6379)."""

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        workdir.mkdir(parents=True, exist_ok=True)
        super().__init__("redis", [binary, "--port", str(self.port), "--bind", "127.0.0.1",
                                   "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                         dict(os.environ), workdir / "redis.log")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "RedisServer":
        super().start()
        client = redis_lib.Redis.from_url(self.url())

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis_lib.ConnectionError:
                return False

        wait_until(answers, 10, what="redis-server")
        client.close()
        return self


class Gunicorn(Managed):
    """The Procfile's web command (so ./gunicorn.conf.py applies), bound to a free port."""

    def __init__(self, name: str, env: dict[str, str], log_path: Path, app: str = "app:create_app()",
                 extra_args: tuple[str, ...] = ()):
        self.port = free_port()
        command = procfile_command("web")
        command[-1:] = [*extra_args, app]  # "app:create_app()" in the Procfile
        # gunicorn >= 25 opens a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl (else
        # ~/.gunicorn/): give each instance its own directory, so two benchmark
        # servers (or a developer's `make run`) never take each other's socket.
        runtime_dir = log_path.parent / f"{name}-run"
        runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        super().__init__(name, command, {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                                         "XDG_RUNTIME_DIR": str(runtime_dir)}, log_path)

    def start(self, ready_path: str = "/slack/events", timeout: float = 30) -> "Gunicorn":
        super().start()
        import http.client

        def up() -> bool:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("POST", ready_path, body=b"", headers={"Content-Length": "0"})
                conn.getresponse().read()
                conn.close()
                return len(children(self.pid)) >= int(self.env.get("WEB_CONCURRENCY") or 2)
            except OSError:
                return False

        wait_until(up, timeout, interval=0.1, what=f"{self.name} to listen")
        return self


class RqWorker(Managed):
    """The Procfile's worker command, exactly as tests/conftest.py starts it."""

    def __init__(self, name: str, env: dict[str, str], log_path: Path):
        super().__init__(name, procfile_command("worker"), env, log_path)


def wait_for_workers(redis_url: str, count: int, timeout: float = 30) -> None:
    """Until ``count`` RQ workers have registered (they are then listening on the queue)."""
    from rq import Worker

    conn = redis_lib.Redis.from_url(redis_url)
    try:
        wait_until(lambda: Worker.count(connection=conn) >= count,
                   timeout, interval=0.1, what=f"{count} rq workers to register")
    finally:
        conn.close()


# ------------------------------------------------------------------ /proc
def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (via /proc/<pid>/task/*/children, else a /proc scan)."""
    found: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            text = (task / "children").read_text()
            found.extend(int(p) for p in text.split())
        return found
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def descendants(pid: int) -> list[int]:
    """Children, grandchildren, … of ``pid`` (only while ``pid`` is alive)."""
    found, todo = [], [pid]
    while todo and len(found) < 1000:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def own_process_group(pid: int) -> bool:
    """Whether ``pid`` leads its own process group (an RQ work horse calls setpgrp)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[2]) == pid
    except (OSError, IndexError, ValueError):
        return False


def status_kb(pid: int, field: str) -> Optional[int]:
    """A ``kB`` field of /proc/<pid>/status (VmHWM, VmRSS), or None if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def source_state() -> str:
    """Which code was measured: HEAD and how many files differ (read-only git calls)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if not head:
        return "unknown"
    return head + (f" + {len(changed)} uncommitted file(s)" if changed else "")


def machine() -> dict[str, str]:
    """nproc, CPU model, Python version."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": str(os.cpu_count() or "?"),
            "usable CPUs": str(len(os.sched_getaffinity(0))),
            "cpu": model,
            "python": sys.version.split()[0],
            "source": source_state()}


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, reaped_children: bool = False) -> float:
    """utime + stime of ``pid`` so far (seconds), 0 if gone; with ``reaped_children``
    also the CPU of its children that have exited (cutime + cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used = int(fields[11]) + int(fields[12])
        if reaped_children:
            used += int(fields[13]) + int(fields[14])
        return used / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs spent busy since boot (/proc/stat, all but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / _TICK


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
