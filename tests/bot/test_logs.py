"""Log hygiene: secrets and response_urls never reach a log line, whoever logs them."""
from __future__ import annotations

import dataclasses
import json
import logging
import re
from datetime import datetime

import pytest

from bot.logs import REDACTED, configure_logging, install_redaction, log_context, log_fields
from bot.settings import Settings, SettingsError

ENV = {"SLACK_SIGNING_SECRET": "signing-secret-1234567", "SLACK_BOT_TOKEN": "xoxb-11-22-abc",
       "TOGGLBOT_ADMINS": "U1", "TOGGL_API_TOKEN": "toggl-admin-token-abcdef"}
SETTINGS = Settings.from_env(ENV)


@pytest.fixture
def logged(caplog):
    install_redaction(SETTINGS)
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.parametrize("secret", ["signing-secret-1234567", "xoxb-11-22-abc", "toggl-admin-token-abcdef",
                                    "https://hooks.slack.com/commands/T1/2/abc", "xoxp-9-9-zzz", "xapp-1-A1-2-b"])
def test_a_secret_in_any_logger_is_redacted(logged, secret: str) -> None:
    logging.getLogger("urllib3.connectionpool").debug("POST %s -> 200", secret)
    assert secret not in logged.text and REDACTED in logged.text


def test_a_secret_in_a_traceback_is_redacted(logged) -> None:
    try:
        raise RuntimeError("could not post to https://hooks.slack.com/actions/T1/2/xyz")
    except RuntimeError:
        logging.getLogger("rq.worker").exception("job failed")
    assert "hooks.slack.com/actions" not in logged.text


# ------------------------------------------------------------------ LOG_FORMAT, context
@pytest.fixture
def configured(capsys):
    """``configure_logging`` for a test; the root logger as it was afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)

    def configure(log_format: str) -> None:
        configure_logging(dataclasses.replace(SETTINGS, log_format=log_format))
        capsys.readouterr()

    yield configure
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def lines(capsys) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_json_lines_carry_the_context_and_the_traceback_as_one_string(configured, capsys) -> None:
    configured("json")
    log = logging.getLogger("workers.test")
    with log_context(action="user.set", user_id="U0ADMIN1"):
        log_fields(ref="k3xq2a")
        log.info("planned %d change", 1)
        try:
            raise ValueError("bad")
        except ValueError:
            log.exception("it broke")
    log.warning("after")
    first, second, third = (json.loads(line) for line in lines(capsys))
    assert first["time"].endswith("Z") and datetime.fromisoformat(first["time"].replace("Z", "+00:00"))
    assert {k: v for k, v in first.items() if k != "time"} == {
        "level": "INFO", "logger": "workers.test", "message": "planned 1 change",
        "ref": "k3xq2a", "action": "user.set", "user_id": "U0ADMIN1"}
    assert second["level"] == "ERROR" and second["exc"].startswith("Traceback") and "ValueError: bad" in second["exc"]
    assert "ref" not in third and "exc" not in third and third["message"] == "after"


def test_text_lines_show_the_same_facts(configured, capsys) -> None:
    configured("text")
    with log_context(ref="k3xq2a", action="user.set", user_id="U0ADMIN1"):
        logging.getLogger("web.test").info("queued")
    logging.getLogger("web.test").info("typo", extra={"user_id": "U0MEMBER"})
    queued, typo = lines(capsys)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO web\.test: queued "
                        r"\[ref=k3xq2a action=user\.set user=U0ADMIN1\]", queued), queued
    assert typo.endswith("INFO web.test: typo [user=U0MEMBER]")


def test_secrets_are_redacted_in_json_lines_too(configured, capsys) -> None:
    configured("json")
    try:
        raise RuntimeError("could not post to https://hooks.slack.com/actions/T1/2/xyz with xoxb-11-22-abc")
    except RuntimeError:
        logging.getLogger("rq.worker").exception("job failed, token %s", "toggl-admin-token-abcdef")
    output = capsys.readouterr().err
    entry = json.loads(output)
    assert REDACTED in entry["message"] and REDACTED in entry["exc"]
    for secret in ("hooks.slack.com/actions", "xoxb-11-22-abc", "toggl-admin-token-abcdef"):
        assert secret not in output


def test_a_context_ends_with_its_block(configured, capsys) -> None:
    configured("json")
    log = logging.getLogger("web.test")
    log_fields(ref="nowhere")  # outside any block: nothing to add to
    with log_context(ref="aaaaaa"):
        with log_context(user_id="U1"):
            log.info("inner")
        log.info("outer")
    log.info("outside")
    inner, outer, outside = (json.loads(line) for line in lines(capsys))
    assert (inner["ref"], inner["user_id"]) == ("aaaaaa", "U1")
    assert outer["ref"] == "aaaaaa" and "user_id" not in outer
    assert "ref" not in outside
    with pytest.raises(TypeError):
        log_fields(token="not a log field")


@pytest.mark.parametrize("raw, expected", [("", "text"), ("json", "json"), ("JSON", "json"), ("text", "text")])
def test_log_format_is_text_or_json(raw: str, expected: str) -> None:
    assert Settings.from_env({**ENV, "LOG_FORMAT": raw}).log_format == expected


def test_another_log_format_stops_the_process() -> None:
    with pytest.raises(SettingsError, match="LOG_FORMAT must be text or json"):
        Settings.from_env({**ENV, "LOG_FORMAT": "xml"})
