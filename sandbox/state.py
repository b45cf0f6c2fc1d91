"""The sandbox's shared facts (``var/sandbox.json``): secrets, fake URLs, demo people."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STATE_FILE = Path(__file__).resolve().parent.parent / "var" / "sandbox.json"
CHANNEL = "C0SANDBOX"
AUDIT_CHANNEL = "C0AUDIT"
CHANNEL_NAMES = {CHANNEL: "toggl-ops", AUDIT_CHANNEL: "toggl-audit"}
# Slack side of the demo people (their Toggl side is in fakes/toggl/demo.py).
PEOPLE = {
    "ann": {"id": "U0ANN", "email": "ann@acme.test", "real_name": "Ann Admin", "admin": True},
    "bob": {"id": "U0BOB", "email": "bob@acme.test", "real_name": "Bob Boss", "admin": True},
    "cat": {"id": "U0CAT", "email": "cat@acme.test", "real_name": "Cat Coder", "admin": False},
    "dan": {"id": "U0DAN", "email": "dan@acme.test", "real_name": "Dan Designer", "admin": False},
}


def save(state: dict[str, Any], path: Path = STATE_FILE) -> None:
    """Write the state file (readable by the owner only: it holds the signing secret)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2))
    path.chmod(0o600)


def load(path: Path = STATE_FILE) -> dict[str, Any]:
    """Read the state file written by ``python -m sandbox``."""
    return json.loads(path.read_text())


def env_lines(state: dict[str, Any]) -> list[str]:
    """``KEY=value`` lines for the web and worker processes."""
    env = {
        "SLACK_SIGNING_SECRET": state["signing_secret"], "SLACK_BOT_TOKEN": state["bot_token"],
        "SLACK_API_URL": state["slack_api_url"], "TOGGL_API_URL": state["toggl_url"],
        "TOGGL_API_TOKEN": state["admin_token"], "TOGGL_WORKSPACE_ID": str(state["workspace_id"]),
        "TOGGLBOT_ADMINS": ",".join(p["id"] for p in PEOPLE.values() if p["admin"]),
        "TOGGLBOT_NOTIFY_CHANNEL": AUDIT_CHANNEL, "TOGGLBOT_SECRET_KEY": state["secret_key"],
        "TOGGL_WEBHOOKS_API_URL": state["webhooks_url"], "TOGGLBOT_PUBLIC_URL": state["public_url"],
    }
    return [f"{key}={value}" for key, value in env.items()]
