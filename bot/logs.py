"""Log hygiene for both processes: no secret and no ``response_url`` in any log line.

The bot itself never logs them; :func:`install_redaction` is the second line:
every log record, from any library, is rewritten as it is made, with the
configured secrets (tokens, the signing secret, Fernet keys) and anything
shaped like a Slack token or a Slack ``response_url`` replaced by ``[redacted]``.
"""
from __future__ import annotations

import logging
import re
import traceback
from typing import Callable, Iterable

from bot.settings import Settings

REDACTED = "[redacted]"
_SHAPES = re.compile(
    r"https://hooks\.slack\.com/\S+"  # response_urls and webhooks
    r"|xox[abprs]-[A-Za-z0-9-]+"  # Slack bot, user and refresh tokens
    r"|xapp-\d-[A-Za-z0-9-]+")  # Slack app-level tokens


def redactor(secrets: Iterable[str]) -> Callable[[str], str]:
    """A function that removes ``secrets`` (exact values, 8 characters or more) and secret shapes."""
    known = sorted((s for s in secrets if s and len(s) >= 8), key=len, reverse=True)
    pattern = re.compile("|".join([*(re.escape(s) for s in known), _SHAPES.pattern]))
    return lambda text: pattern.sub(REDACTED, text)


def install_redaction(settings: Settings) -> None:
    """Redact every log record of this process as it is created (message, arguments, traceback)."""
    redact = redactor([settings.slack_signing_secret, settings.slack_bot_token, settings.slack_app_token or "",
                       settings.toggl_api_token or "", *settings.secret_keys])
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "togglbot_redacting", False):
        make_record = make_record.wrapped  # installed again (tests build several apps): replace it

    def redacting(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            record.msg, record.args = redact(record.getMessage()), None
        except Exception:  # a broken format string must not lose the log line
            record.msg, record.args = redact(str(record.msg)), None
        if record.exc_info:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return record

    redacting.togglbot_redacting = True  # type: ignore[attr-defined]
    redacting.wrapped = make_record  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting)
