"""``python -m sandbox.mode``: which mode ``make run`` starts in, as shell assignments.

Sandbox mode only when *none* of the real Slack or Toggl settings is present
(in the environment or ``.env``); any one of them means real mode, where a
missing variable stops the processes with the usual one-line error.
"""
from __future__ import annotations

import os
import shlex
from typing import Mapping

REAL_SETTINGS = ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TOGGL_API_TOKEN")
SANDBOX_REDIS = "redis://127.0.0.1:6390/0"


def is_sandbox(env: Mapping[str, str]) -> bool:
    """True when no real Slack or Toggl setting is given."""
    return not any(env.get(name, "").strip() for name in REAL_SETTINGS)


def assignments(env: Mapping[str, str]) -> dict[str, str]:
    """MODE, REDIS_URL and PORT for scripts/run.sh."""
    sandbox = is_sandbox(env)
    return {"MODE": "sandbox" if sandbox else "real",
            "REDIS_URL": env.get("REDIS_URL") or (SANDBOX_REDIS if sandbox else "redis://localhost:6379/0"),
            "FRESH_REDIS": "yes" if sandbox and not env.get("REDIS_URL") else "",
            "PORT": env.get("PORT") or "8000"}


if __name__ == "__main__":
    from dotenv import load_dotenv

    load_dotenv(".env", override=False)
    for key, value in assignments(os.environ).items():
        print(f"{key}={shlex.quote(value)}")
