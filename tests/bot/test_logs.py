"""Log hygiene: secrets and response_urls never reach a log line, whoever logs them."""
from __future__ import annotations

import logging

import pytest

from bot.logs import REDACTED, install_redaction
from bot.settings import Settings

SETTINGS = Settings.from_env({"SLACK_SIGNING_SECRET": "signing-secret-1234567", "SLACK_BOT_TOKEN": "xoxb-11-22-abc",
                              "TOGGLBOT_ADMINS": "U1", "TOGGL_API_TOKEN": "toggl-admin-token-abcdef"})


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
