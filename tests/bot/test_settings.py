"""Settings: required variables, defaults, durations."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.settings import Settings, SettingsError, parse_duration

ROOT = Path(__file__).resolve().parents[2]
BASE = {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "TOGGLBOT_ADMINS": "U1, U2"}


@pytest.mark.parametrize("missing", ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "TOGGLBOT_ADMINS"])
def test_missing_required_variable_is_named(missing: str) -> None:
    env = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(env)


def test_defaults_follow_the_spec() -> None:
    settings = Settings.from_env(BASE)
    assert settings.admins == {"U1", "U2"}
    assert settings.approvers == settings.admins
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.redis_url == "redis://localhost:6379/0"
    assert settings.toggl_api_url == "https://api.track.toggl.com/api/v9"
    assert settings.approval_required == {"user.remove", "user.role", "rate.retroactive", "workspace.set",
                                         "workspace.create"}
    assert settings.approval_ttl == 86400
    assert settings.max_amount == 10000


def test_an_unknown_action_name_stops_the_process_naming_it() -> None:
    with pytest.raises(SettingsError, match="unknown action 'user.remvoe'"):
        Settings.from_env({**BASE, "TOGGLBOT_APPROVAL_REQUIRED": "user.remove,user.remvoe"})


def test_an_empty_approval_list_means_nothing_needs_approval() -> None:
    assert Settings.from_env({**BASE, "TOGGLBOT_APPROVAL_REQUIRED": ""}).approval_required == frozenset()


@pytest.mark.parametrize("raw", ["0", "-5", "lots", "inf"])
def test_a_max_amount_must_be_a_positive_number(raw: str) -> None:
    with pytest.raises(SettingsError, match="TOGGLBOT_MAX_AMOUNT"):
        Settings.from_env({**BASE, "TOGGLBOT_MAX_AMOUNT": raw})


def test_slack_api_url_gets_a_trailing_slash() -> None:
    assert Settings.from_env({**BASE, "SLACK_API_URL": "http://127.0.0.1:9/api"}).slack_api_url \
        == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("24h", 86400), ("7d", 604800)])
def test_duration_units(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_bad_duration_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="TOGGLBOT_APPROVAL_TTL"):
        Settings.from_env({**BASE, "TOGGLBOT_APPROVAL_TTL": "soon"})


def test_bad_fernet_key_is_refused() -> None:
    with pytest.raises(SettingsError, match="TOGGLBOT_SECRET_KEY"):
        Settings.from_env({**BASE, "TOGGLBOT_SECRET_KEY": "not-a-key"})


def test_good_fernet_key_is_kept() -> None:
    key = Fernet.generate_key().decode()
    assert Settings.from_env({**BASE, "TOGGLBOT_SECRET_KEY": key}).secret_keys == (key,)


def test_non_numeric_workspace_id_is_refused() -> None:
    with pytest.raises(SettingsError, match="TOGGL_WORKSPACE_ID"):
        Settings.from_env({**BASE, "TOGGL_WORKSPACE_ID": "acme"})


def test_secrets_do_not_show_in_repr() -> None:
    text = repr(Settings.from_env({**BASE, "TOGGL_API_TOKEN": "tok-very-secret"}))
    assert "tok-very-secret" not in text and "xoxb-1" not in text


def test_process_stops_with_one_line_naming_the_variable(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-c", "from bot.settings import load_or_exit; load_or_exit()"],
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "togglbot: configuration error: SLACK_SIGNING_SECRET is required but not set (see README, Configuration)"]


def test_ws_may_name_the_configured_workspace_alone_by_default() -> None:
    assert Settings.from_env({**BASE, "TOGGL_WORKSPACE_ID": "9001"}).workspaces == {9001}
    assert Settings.from_env(BASE).workspaces == frozenset()


def test_the_workspace_allow_list_is_read_and_checked() -> None:
    assert Settings.from_env({**BASE, "TOGGLBOT_WORKSPACES": "9001, 9002"}).workspaces == {9001, 9002}
    with pytest.raises(SettingsError, match="TOGGLBOT_WORKSPACES"):
        Settings.from_env({**BASE, "TOGGLBOT_WORKSPACES": "acme"})


def test_the_metrics_token_is_optional_and_kept_out_of_repr() -> None:
    assert Settings.from_env(BASE).metrics_token is None
    settings = Settings.from_env({**BASE, "TOGGLBOT_METRICS_TOKEN": " scrape-me-secret "})
    assert settings.metrics_token == "scrape-me-secret" and "scrape-me-secret" not in repr(settings)


def test_toggl_requests_are_a_second_apart_unless_told_otherwise() -> None:
    assert Settings.from_env(BASE).toggl_request_interval == 1.0
    assert Settings.from_env({**BASE, "TOGGL_REQUEST_INTERVAL": "0.25"}).toggl_request_interval == 0.25


@pytest.mark.parametrize("raw", ["0", "-1", "fast"])
def test_a_request_interval_must_be_a_positive_number_of_seconds(raw: str) -> None:
    with pytest.raises(SettingsError, match="TOGGL_REQUEST_INTERVAL"):
        Settings.from_env({**BASE, "TOGGL_REQUEST_INTERVAL": raw})
