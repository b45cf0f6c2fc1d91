"""The sandbox end to end: fakes process, the app over HTTP, a worker, the console."""
from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from app import create_app
from bot.settings import Settings
from sandbox import state as sandbox_state
from sandbox.console import Console
from tests.conftest import ROOT, WorkerProcess


@pytest.fixture
def sandbox(tmp_path: Path):
    """``python -m sandbox`` as make run starts it: its env lines and its state file."""
    state_file = tmp_path / "sandbox.json"
    process = subprocess.Popen([sys.executable, "-m", "sandbox", "--state", str(state_file)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    lines = []
    for line in process.stdout:
        if line.strip() == "READY":
            break
        lines.append(line.strip())
    yield dict(line.split("=", 1) for line in lines), sandbox_state.load(state_file)
    process.terminate()
    process.wait(timeout=10)


class LateApp:
    """A WSGI app set once the server's address (the bot's public URL) is known."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture
def running(sandbox, redis_server, redis, tmp_path, monkeypatch):
    """The web app (served over HTTP, where the fake Toggl sends events) and a worker, configured from
    the sandbox's env lines."""
    env, state = sandbox
    holder = LateApp()
    server = make_server("127.0.0.1", 0, holder, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    env = {**env, "REDIS_URL": redis_server, "TOGGLBOT_PUBLIC_URL": url}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    holder.app = create_app(Settings.from_env(env))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worker = WorkerProcess(env, tmp_path / "worker.log")
    worker.start()
    yield state, url
    worker.stop()
    server.shutdown()


def shown(console: Console, out: io.StringIO, text: str, timeout: float = 30.0) -> str:
    """The console's output once ``text`` is in it (polling the fake Slack, as the console does)."""
    deadline = time.monotonic() + timeout
    while text not in out.getvalue():
        assert time.monotonic() < deadline, f"{text!r} never shown:\n{out.getvalue()[-2000:]}"
        console.poll()
        time.sleep(0.1)
    return out.getvalue()


def test_sandbox_serves_a_seeded_demo_and_prints_the_env(sandbox) -> None:
    env, state = sandbox
    assert set(env) >= {"SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_API_URL", "TOGGL_API_URL",
                        "TOGGL_API_TOKEN", "TOGGLBOT_ADMINS", "TOGGLBOT_SECRET_KEY"}
    me = requests.get(env["TOGGL_API_URL"] + "/me", auth=(env["TOGGL_API_TOKEN"], "api_token"), timeout=5)
    assert me.json()["email"] == "ann@acme.test"
    auth = requests.post(env["SLACK_API_URL"] + "auth.test", timeout=5,
                         headers={"Authorization": f"Bearer {env['SLACK_BOT_TOKEN']}"}).json()
    assert auth["ok"]
    assert Settings.from_env(env).admins == {"U0ANN", "U0BOB"}
    assert state["signing_secret"] == env["SLACK_SIGNING_SECRET"]


def test_state_file_is_private(tmp_path) -> None:
    path = tmp_path / "s.json"
    sandbox_state.save({"signing_secret": "x"}, path)
    assert path.stat().st_mode & 0o077 == 0


def test_console_shows_users_and_runs_an_approval_between_two_admins(running) -> None:
    state, url = running
    out = io.StringIO()
    console = Console(state, url, out=out)
    console.learn_dm_channels()
    console.skip_history()
    console.handle("/toggl users")
    # the bot verifies Slack signatures, so an ack (not a 401) proves the console signs like Slack
    assert "↳ ack (only @ann sees)\n    ⏳ list workspace users" in out.getvalue()
    assert "Dan Designer" in shown(console, out, "Ann Admin")
    console.handle("/toggl user remove dan@acme.test")
    ref = out.getvalue().split("Approval requested — ref ")[1][:6]
    shown(console, out, f"[Approve] (approval_approve {ref})")
    console.handle(":as bob")
    console.handle(f":approve {ref}")
    text = shown(console, out, "Outcome: ✅")
    text = shown(console, out, "✅ Removed 1 person")
    assert "direct message to @ann" in text and "#toggl-audit" in text


def test_console_event_makes_toggl_send_one_the_bot_posts(running) -> None:
    state, url = running
    out = io.StringIO()
    console = Console(state, url, out=out)
    console.learn_dm_channels()
    console.skip_history()
    console.handle(":event workspace_user.updated")
    assert "no subscription follows workspace_user.updated" in out.getvalue()
    console.handle("/toggl watch workspace_user")
    shown(console, out, "✅ Started Toggl notification")
    console.handle(":event workspace_user.updated")
    assert "Toggl sent it to 1 subscription(s)" in out.getvalue()
    shown(console, out, "changed workspace member “Cat Coder” (id 5003) in Toggl")
