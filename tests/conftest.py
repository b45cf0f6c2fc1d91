"""Shared fixtures: a private redis-server, the Toggl and Slack fakes, the app, real RQ workers."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import redis as redis_lib
from cryptography.fernet import Fernet

from bot.settings import Settings
from fakes.slack import SlackFake
from fakes.toggl import TogglFake
from tests.support import BotDriver

ROOT = Path(__file__).resolve().parent.parent
SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-bot-token"
ADMIN = "U0ADMIN1"
ADMIN2 = "U0ADMIN2"
MEMBER = "U0MEMBER"
OUTSIDER = "U0ZED"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first: pytest-xdist hands tests out in this order, and a minute-long test that
    starts last would make everyone wait for it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private redis-server on a free port for the whole run (never the machine's own)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.exit("redis-server is not installed (apt-get install redis-server)", returncode=2)
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis_lib.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis_lib.ConnectionError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis(redis_server: str) -> Iterator[redis_lib.Redis]:
    """A clean database for each test."""
    client = redis_lib.Redis.from_url(redis_server)
    client.flushall()
    yield client
    client.close()


# Toggl allows one request a second per token, and the bot paces itself so (TOGGL_REQUEST_INTERVAL,
# default 1 s). The tests run the same pacing four times faster against a fake that refuses a request
# that arrives closer than half of that to the last one: a bot that did not pace would send its next
# request within milliseconds and be refused, and a busy machine that delays one request on its way more
# than the next (up to 125 ms: Toggl's own margin is about 100 ms) does not fail a correct bot. Waiting
# on the pace no longer takes most of the suite's time. Tests of the 1 s figure build their own fake.
PACE = 0.25


@pytest.fixture
def toggl() -> Iterator[TogglFake]:
    """The strict Toggl fake (one request per ``PACE`` per token enforced), seeded with the demo workspace."""
    with TogglFake(rate_limit=True, min_interval=PACE * 0.5) as fake:
        fake.demo = fake.seed_demo()
        yield fake


@pytest.fixture
def slack() -> Iterator[SlackFake]:
    """The Slack Web API and response_url fake."""
    with SlackFake(bot_token=BOT_TOKEN) as fake:
        fake.add_user(ADMIN, email="ann@acme.test", real_name="Ann Admin", name="ann")
        fake.add_user(ADMIN2, email="bob@acme.test", real_name="Bob Boss", name="bob")
        fake.add_user(MEMBER, email="cat@acme.test", real_name="Cat Coder", name="cat")
        fake.add_user(OUTSIDER, email="zed@elsewhere.test", real_name="Zed Outside", name="zed")
        yield fake


@pytest.fixture
def env(redis_server: str, redis, toggl: TogglFake, slack: SlackFake,
        monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of the web and worker processes, also set for this process."""
    demo = toggl.demo
    values = {
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "REDIS_URL": redis_server,
        "TOGGL_API_URL": toggl.url,
        "TOGGL_API_TOKEN": demo["admin_token"],
        "TOGGL_WORKSPACE_ID": str(demo["workspace"]["id"]),
        "TOGGLBOT_WORKSPACES": f"{demo['workspace']['id']},9002,9003",  # the demo's, and ones tests add
        "TOGGLBOT_ADMINS": f"{ADMIN},{ADMIN2}",
        "TOGGLBOT_SECRET_KEY": Fernet.generate_key().decode(),
        "TOGGL_TIMEOUT": "3",
        "TOGGL_REQUEST_INTERVAL": str(PACE),
    }
    for name in list(os.environ):
        if name.startswith(("SLACK_", "TOGGL", "REDIS_URL")):
            monkeypatch.delenv(name)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    """Settings read from the test environment."""
    return Settings.from_env(env)


@pytest.fixture
def worker(env: dict[str, str], tmp_path: Path) -> Iterator["WorkerProcess"]:
    """A real ``rq worker`` process, started exactly as the Procfile does."""
    process = WorkerProcess(env, tmp_path / "worker.log")
    process.start()
    yield process
    process.stop()


class ProcfileProcess:
    """One Procfile command as a subprocess of its own session, logging to a file."""

    name = ""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the command from the repo root, with the venv's executables."""
        command = procfile_command(self.name)
        command[0] = str(Path(sys.executable).parent / command[0])
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        """What the process logged so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """SIGTERM and wait (RQ finishes the current job first); the whole session if stuck."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class WorkerProcess(ProcfileProcess):
    """The Procfile's worker command."""

    name = "worker"


def procfile_command(name: str) -> list[str]:
    """The Procfile line of process ``name``, split into words."""
    import shlex

    for line in (ROOT / "Procfile").read_text().splitlines():
        key, _, command = line.partition(":")
        if key.strip() == name:
            return shlex.split(command.strip())
    raise KeyError(name)


@pytest.fixture
def bot(settings: Settings, slack: SlackFake, toggl: TogglFake) -> BotDriver:
    """Send signed Slack requests to the app and read what comes back."""
    from app import create_app

    return BotDriver(create_app(settings), slack, toggl, SIGNING_SECRET)
