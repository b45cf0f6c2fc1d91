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



def _console(running) -> tuple[Console, io.StringIO]:
    state, url = running
    out = io.StringIO()
    console = Console(state, url, out=out)
    console.learn_dm_channels()
    console.skip_history()
    return console, out


def _ref_after(text: str, marker: str) -> str:
    """The six-character ref that follows ``marker`` in the last place it was shown."""
    return text.rsplit(marker, 1)[1].split("ref ", 1)[1][:6]


def test_console_opens_a_form_and_submits_it(running) -> None:
    console, out = _console(running)
    console.handle(":open toggl_rate_set")
    form = out.getvalue()
    assert "▭ Set a rate (toggl_rate_set)" in form
    assert "amount: Amount per hour" in form and "person: Person (optional)" in form
    assert "one of billable (Billable rate), labor (Labor cost)" in form
    console.handle(":submit target=person person=@cat amount=85")
    text = out.getvalue()
    assert "↳ the form now shows" in text and "⏳ set the billable rate of @cat to 85" in text
    ref = _ref_after(text, "⏳ set the billable rate of @cat")
    text = shown(console, out, f"✅ Billable rate of Cat Coder (cat@acme.test) set to 85.00 EUR — ref {ref}")
    assert "● direct message to @ann" in text.split("↳ the form now shows", 1)[1]


def test_console_shows_field_errors_and_keeps_the_form_open(running) -> None:
    console, out = _console(running)
    console.handle(":open toggl_rate_set")
    console.handle(":submit target=person person=@cat amount=85,5")
    text = out.getvalue()
    assert "↳ the form stays open:" in text and "✗ amount:" in text and "did you mean 85.5?" in text
    state, _url = running
    modals = requests.get(f"{state['slack_base_url']}/_sandbox/modals", params={"user_id": "U0ANN"},
                          timeout=5).json()["views"]
    assert [view["callback_id"] for view in modals] == ["toggl_rate_set"]
    console.handle(":submit amount=85.5")  # the person chosen before stays chosen, as in Slack
    assert "⏳ set the billable rate of @cat to 85.5" in out.getvalue()


def test_console_home_shows_latest_changes_with_undo(running) -> None:
    console, out = _console(running)
    console.handle(":home")
    assert "⌂ Home of @ann" in out.getvalue() and "── Latest changes ──" in out.getvalue()
    console.handle("/toggl rate set @cat 70")
    ref = _ref_after(out.getvalue(), "↳ ack (only @ann sees)")
    shown(console, out, f"(ref {ref})")  # its audit line: the change is in the audit log now
    console.handle(":home")
    home = out.getvalue().rsplit("⌂ Home of @ann", 1)[1]
    assert "── Latest changes ──" in home and f"[Undo] (change_undo {ref})" in home


def test_console_approves_from_the_home_tab(running) -> None:
    console, out = _console(running)
    console.handle(":open toggl_user_remove")
    assert "people: Remove from the workspace" in out.getvalue()
    console.handle(":submit people=@dan")
    ref = _ref_after(out.getvalue(), "Approval requested")
    console.handle(":as bob")
    console.handle(":home")
    home = out.getvalue().rsplit("⌂ Home of @bob", 1)[1]
    assert f"[Approve] (approval_approve {ref})" in home
    console.handle(f":click approval_approve {ref}")
    assert f"(@bob pressed approval_approve {ref} on the Home tab: HTTP 200)" in out.getvalue()
    shown(console, out, "✅ Removed 1 person")


def test_console_picks_an_external_select_option_the_bot_offers(running) -> None:
    console, out = _console(running)
    console.handle(":open toggl_rate_set")  # the bot reads the projects for its picker now
    deadline = time.monotonic() + 30
    while True:  # until the look-up is cached: before, the bot offers nothing and the console says so
        console.handle(":submit target=project project=web amount=70")
        last = out.getvalue().rstrip().rsplit("\n", 1)[-1]
        if "look-ups are still loading" not in last:
            break
        assert time.monotonic() < deadline, out.getvalue()[-2000:]
        time.sleep(0.2)
    assert "⏳ set the billable rate of project 4001 to 70" in out.getvalue()
    shown(console, out, "✅ Billable rate of project Website set to 70.00 EUR")
    console.handle(":open toggl_rate_set")
    console.handle(":submit target=project project=nowhere amount=70")
    assert "(not submitted: the bot offered no option of project for 'nowhere'" in out.getvalue()
