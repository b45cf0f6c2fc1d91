"""``python -m sandbox``: serve the Toggl and Slack fakes with demo data until stopped.

Writes ``var/sandbox.json`` (for the console) and prints the environment the
web and worker processes need, one ``KEY=value`` per line, then ``READY``.
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import threading
from pathlib import Path

from cryptography.fernet import Fernet

from fakes.slack import SlackFake
from fakes.toggl import TogglFake
from fakes.toggl_webhooks import TogglWebhooksFake
from sandbox import state as sandbox_state


def main(argv: list[str] | None = None) -> int:
    """Start both fakes, publish their addresses, wait for SIGTERM/SIGINT."""
    parser = argparse.ArgumentParser(prog="python -m sandbox")
    parser.add_argument("--state", type=Path, default=sandbox_state.STATE_FILE,
                        help="where to write the sandbox facts for the console")
    options = parser.parse_args(argv)
    toggl = TogglFake(rate_limit=True).start()
    demo = toggl.seed_demo()
    hooks = TogglWebhooksFake(toggl).start()
    bot_token = "xoxb-sandbox-" + secrets.token_hex(8)
    slack = SlackFake(bot_token=bot_token, team_domain="sandbox").start()
    for name, person in sandbox_state.PEOPLE.items():
        slack.add_user(person["id"], email=person["email"], real_name=person["real_name"], name=name)
    state = {
        "signing_secret": secrets.token_hex(16), "bot_token": bot_token,
        "secret_key": Fernet.generate_key().decode(),
        "toggl_url": toggl.url, "slack_api_url": slack.api_url, "slack_base_url": slack.base_url,
        "admin_token": demo["admin_token"], "workspace_id": demo["workspace"]["id"],
        "tokens": demo["tokens"], "webhooks_url": hooks.url,
        # where the fake Toggl sends events: the bot started by `make run` on this machine
        "public_url": f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
    }
    sandbox_state.save(state, options.state)
    print("\n".join(sandbox_state.env_lines(state)), flush=True)
    print("READY", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    slack.stop()
    hooks.stop()
    toggl.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
