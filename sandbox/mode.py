"""Which mode ``make run`` starts in, its Redis and its port.

Sandbox mode only when *none* of the real Slack or Toggl settings is present
(in the environment or ``.env``); any one of them means real mode, where a
missing variable stops the processes with the usual one-line error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

REAL_SETTINGS = ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TOGGL_API_TOKEN")
DEFAULT_REDIS = "redis://localhost:6379/0"


@dataclass(frozen=True)
class Mode:
    """What ``make run`` (``python -m supervisor``) starts."""

    sandbox: bool
    redis_url: str | None  # None: a Redis of the run's own (sandbox mode without REDIS_URL)
    port: int


def is_sandbox(env: Mapping[str, str]) -> bool:
    """True when no real Slack or Toggl setting is given."""
    return not any(env.get(name, "").strip() for name in REAL_SETTINGS)


def read_mode(env: Mapping[str, str]) -> Mode:
    """The mode for ``env``; ValueError (one line) for a ``PORT`` that is not a port number."""
    sandbox = is_sandbox(env)
    raw_port = env.get("PORT", "").strip() or "8000"
    if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
        raise ValueError(f"PORT must be a port number like 8000, got {raw_port!r}")
    redis_url = env.get("REDIS_URL", "").strip() or (None if sandbox else DEFAULT_REDIS)
    return Mode(sandbox, redis_url, int(raw_port))
