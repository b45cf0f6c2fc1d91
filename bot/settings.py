"""Configuration: the one place that reads the environment (SPEC §2)."""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Mapping

from bot.catalogue import ACTION_NAMES

DEFAULT_APPROVAL_REQUIRED = ("user.remove", "user.role", "rate.retroactive", "workspace.set", "workspace.create")
DEFAULT_MAX_AMOUNT = Decimal("10000")
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class SettingsError(Exception):
    """A variable is missing or malformed; the message names it."""


def parse_duration(text: str) -> int:
    """Turn ``30s``, ``15m``, ``24h`` or ``7d`` into seconds."""
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30s, 15m, 24h or 7d")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _id_list(text: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (text or "").split(",") if part.strip())


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdecimal():
        raise SettingsError(f"{name} must be a number, got {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class Settings:
    """Everything the web and worker processes need to know, read once."""

    slack_signing_secret: str = field(repr=False)
    slack_bot_token: str = field(repr=False)
    admins: frozenset[str]
    slack_api_url: str = "https://slack.com/api/"
    redis_url: str = "redis://localhost:6379/0"
    toggl_api_url: str = "https://api.track.toggl.com/api/v9"
    toggl_api_token: str | None = field(default=None, repr=False)
    toggl_workspace_id: int | None = None
    toggl_organization_id: int | None = None
    workspaces: frozenset[int] = frozenset()  # the workspaces ws= may name (TOGGLBOT_WORKSPACES)
    approvers: frozenset[str] = frozenset()
    approval_channel: str | None = None
    notify_channel: str | None = None
    approval_required: frozenset[str] = frozenset(DEFAULT_APPROVAL_REQUIRED)
    approval_ttl: int = 24 * 3600
    max_amount: Decimal = DEFAULT_MAX_AMOUNT
    secret_keys: tuple[str, ...] = field(default=(), repr=False)  # newest first
    toggl_timeout: float = 15.0
    toggl_request_interval: float = 1.0  # Toggl allows one request a second per token
    slack_app_token: str | None = field(default=None, repr=False)
    log_format: str = "text"  # LOG_FORMAT: text, or json (one object per line)
    queue_name: str = "togglbot"
    toggl_webhooks_api_url: str = "https://api.track.toggl.com/webhooks/api/v1"
    public_url: str | None = None  # where Toggl reaches the bot: TOGGLBOT_PUBLIC_URL + /toggl/webhooks
    digest_at: tuple[int, int] | None = None  # (hour, minute) UTC of the daily digest
    metrics_token: str | None = field(default=None, repr=False)  # GET /metrics wants it as a bearer token

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from ``env`` (default: ``os.environ`` plus a ``.env`` file)."""
        if env is None:
            _load_dotenv()
            env = os.environ
        missing = [name for name in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "TOGGLBOT_ADMINS")
                   if not env.get(name, "").strip()]
        if missing:
            raise SettingsError(f"{missing[0]} is required but not set (see README, Configuration)")
        admins = _id_list(env["TOGGLBOT_ADMINS"])
        workspace_id = _optional_int(env, "TOGGL_WORKSPACE_ID")
        try:
            ttl = parse_duration(env.get("TOGGLBOT_APPROVAL_TTL", "24h"))
        except ValueError as exc:
            raise SettingsError(f"TOGGLBOT_APPROVAL_TTL: {exc}") from None
        required = _approval_actions(env.get("TOGGLBOT_APPROVAL_REQUIRED"))
        secret_keys = tuple(key.strip() for key in env.get("TOGGLBOT_SECRET_KEY", "").split(",") if key.strip())
        for number, key in enumerate(secret_keys, start=1):
            _check_fernet_key(key, number)
        return cls(
            slack_signing_secret=env["SLACK_SIGNING_SECRET"].strip(),
            slack_bot_token=env["SLACK_BOT_TOKEN"].strip(),
            admins=admins,
            slack_api_url=_with_slash(env.get("SLACK_API_URL", "").strip() or cls.slack_api_url),
            redis_url=env.get("REDIS_URL", "").strip() or cls.redis_url,
            toggl_api_url=(env.get("TOGGL_API_URL", "").strip() or cls.toggl_api_url).rstrip("/"),
            toggl_api_token=env.get("TOGGL_API_TOKEN", "").strip() or None,
            toggl_workspace_id=workspace_id,
            workspaces=_workspaces(env, workspace_id),
            toggl_organization_id=_optional_int(env, "TOGGL_ORGANIZATION_ID"),
            approvers=_id_list(env.get("TOGGLBOT_APPROVERS")) or admins,
            approval_channel=env.get("TOGGLBOT_APPROVAL_CHANNEL", "").strip() or None,
            notify_channel=env.get("TOGGLBOT_NOTIFY_CHANNEL", "").strip() or None,
            approval_required=required,
            approval_ttl=ttl,
            max_amount=_max_amount(env),
            secret_keys=secret_keys,
            toggl_timeout=_positive_float(env, "TOGGL_TIMEOUT", 15.0),
            toggl_request_interval=_positive_float(env, "TOGGL_REQUEST_INTERVAL", 1.0),
            slack_app_token=_app_token(env),
            log_format=_log_format(env),
            toggl_webhooks_api_url=(env.get("TOGGL_WEBHOOKS_API_URL", "").strip()
                                    or cls.toggl_webhooks_api_url).rstrip("/"),
            public_url=_public_url(env),
            digest_at=_digest_at(env),
            metrics_token=env.get("TOGGLBOT_METRICS_TOKEN", "").strip() or None,
        )


def load_or_exit() -> Settings:
    """Read settings, or stop the process with one line naming what is wrong."""
    try:
        return Settings.from_env()
    except SettingsError as exc:
        print(f"togglbot: configuration error: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None


def _approval_actions(raw: str | None) -> frozenset[str]:
    """The action names that need approval; a name no command has stops the process (a typo must
    not silently turn approvals off)."""
    if raw is None:
        return frozenset(DEFAULT_APPROVAL_REQUIRED)
    names = _id_list(raw)
    unknown = sorted(names - ACTION_NAMES)
    if unknown:
        raise SettingsError(f"TOGGLBOT_APPROVAL_REQUIRED names an unknown action {unknown[0]!r}; "
                            f"known actions: {', '.join(sorted(ACTION_NAMES))}")
    return names


def _workspaces(env: Mapping[str, str], default: int | None) -> frozenset[int]:
    """``TOGGLBOT_WORKSPACES`` (comma-separated ids); by default ``TOGGL_WORKSPACE_ID`` alone."""
    raw = env.get("TOGGLBOT_WORKSPACES", "").strip()
    if not raw:
        return frozenset({default}) if default else frozenset()
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdecimal() for part in ids):
        raise SettingsError(f"TOGGLBOT_WORKSPACES must be workspace ids separated by commas, got {raw!r}")
    return frozenset(int(part) for part in ids)


def _max_amount(env: Mapping[str, str]) -> Decimal:
    raw = env.get("TOGGLBOT_MAX_AMOUNT", "").strip()
    if not raw:
        return DEFAULT_MAX_AMOUNT
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise SettingsError(f"TOGGLBOT_MAX_AMOUNT must be a positive number, got {raw!r}")
    return value


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise SettingsError(f"{name} must be a positive number of seconds, got {raw!r}")
    return value


def _app_token(env: Mapping[str, str]) -> str | None:
    token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if token and not token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    return token


def _log_format(env: Mapping[str, str]) -> str:
    raw = env.get("LOG_FORMAT", "").strip().lower() or "text"
    if raw not in ("text", "json"):
        raise SettingsError(f"LOG_FORMAT must be text or json, got {raw!r}")
    return raw


def _public_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("TOGGLBOT_PUBLIC_URL", "").strip().rstrip("/")
    if raw and not raw.startswith(("https://", "http://")):
        raise SettingsError(f"TOGGLBOT_PUBLIC_URL must start with https:// (where Toggl can reach the bot), "
                            f"got {raw!r}")
    return raw or None


def _digest_at(env: Mapping[str, str]) -> tuple[int, int] | None:
    raw = env.get("TOGGLBOT_DIGEST_AT", "").strip()
    if not raw:
        return None
    hour, sep, minute = raw.partition(":")
    if not (sep and hour.isdecimal() and minute.isdecimal() and len(minute) == 2
            and 0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
        raise SettingsError(f"TOGGLBOT_DIGEST_AT must be a time of day HH:MM in UTC, like 08:30; got {raw!r}")
    return int(hour), int(minute)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _check_fernet_key(key: str, number: int) -> None:
    from cryptography.fernet import Fernet

    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        which = "" if number == 1 else f" (key {number} of the list)"
        raise SettingsError(f"TOGGLBOT_SECRET_KEY{which} is not a valid Fernet key "
                            "(32 url-safe base64-encoded bytes)") from None


def _load_dotenv() -> None:
    from dotenv import load_dotenv

    load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
