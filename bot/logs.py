"""Log hygiene for both processes: no secret and no ``response_url`` in any log line.

The bot itself never logs them; :func:`install_redaction` is the second line:
every log record, from any library, is rewritten as it is made, with the
configured secrets (tokens, the signing secret, Fernet keys) and anything
shaped like a Slack token or a Slack ``response_url`` replaced by ``[redacted]``.

:func:`configure_logging` sets up each process once: one handler on the root
logger, plain text or one JSON object per line (``LOG_FORMAT``), with the
``ref``, ``action`` and Slack ``user_id`` of the command being handled when
they are known (:func:`log_context`, :func:`log_fields`).
"""
from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator

from rq.logutils import ColorizingStreamHandler

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
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    redacting.togglbot_redacting = True  # type: ignore[attr-defined]
    redacting.wrapped = make_record  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting)


# ------------------------------------------------------------------ context and format
CONTEXT_FIELDS = ("ref", "action", "user_id")  # record attributes; ``extra={"ref": ...}`` sets one for a line
_TEXT_NAMES = {"ref": "ref", "action": "action", "user_id": "user"}
_context: ContextVar[dict[str, str] | None] = ContextVar("togglbot_log_context", default=None)


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Every log line of this thread (or greenlet) inside the block carries ``fields`` (``ref``,
    ``action``, ``user_id``; empty values are left out), on top of an enclosing block's."""
    outer = _context.get() or {}
    token = _context.set({**outer, **_known(fields)})
    try:
        yield
    finally:
        _context.reset(token)


def log_fields(**fields: Any) -> None:
    """Add ``fields`` to the innermost :func:`log_context` for the rest of its block (the ref once it
    is claimed, the user once the record is read); outside any block, nothing happens."""
    known, current = _known(fields), _context.get()
    if current is not None:
        current.update(known)


def _known(fields: dict[str, Any]) -> dict[str, str]:
    unknown = set(fields) - set(CONTEXT_FIELDS)
    if unknown:
        raise TypeError(f"not a log context field: {sorted(unknown)}")
    return {name: str(value) for name, value in fields.items() if value}


def _add_context(record: logging.LogRecord) -> bool:
    """Handler filter: give the record the context's fields it was not given with ``extra``."""
    for name, value in (_context.get() or {}).items():
        if not getattr(record, name, None):
            setattr(record, name, value)
    return True


def _utc_iso(created: float) -> str:
    return datetime.fromtimestamp(created, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """``2025-05-01T09:30:00.123Z INFO workers.failure: message [ref=k3xq2a action=user.set user=U012]``,
    then the traceback, if any, on the following lines."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _utc_iso(record.created)

    def formatMessage(self, record: logging.LogRecord) -> str:
        known = [f"{_TEXT_NAMES[name]}={getattr(record, name)}" for name in CONTEXT_FIELDS
                 if getattr(record, name, None)]
        line = super().formatMessage(record)
        return f"{line} [{' '.join(known)}]" if known else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (ISO 8601, UTC), ``level``, ``logger``, ``message``, then
    ``ref``, ``action`` and ``user_id`` when known and ``exc`` (the whole traceback) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"time": _utc_iso(record.created), "level": record.levelname,
                                 "logger": record.name, "message": record.getMessage()}
        for name in CONTEXT_FIELDS:
            if getattr(record, name, None):
                entry[name] = str(getattr(record, name))
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is written (as :data:`logging.lastResort`
    does), so a test's captured stream is never written to after it closed."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


# RQ's own stream handlers (``rq worker`` sets them up before the worker class is made).
_RQ_LOGGERS = ("rq.worker", "rq.job", "rq.scheduler")


def configure_logging(settings: Settings) -> None:
    """Set up this process's logs once: secrets redacted (:func:`install_redaction`), INFO and up from
    every library to stderr through one handler, in ``settings.log_format`` (``text`` or ``json``).

    Called again (tests build several apps), it replaces its own handler. RQ's own handlers are
    removed, so the worker's, its work horses' and its scheduler's lines go through the same one."""
    install_redaction(settings)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "togglbot", False)]:
        root.removeHandler(old)
    handler = _StderrHandler()
    handler.togglbot = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    handler.addFilter(_add_context)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for name in _RQ_LOGGERS:
        logger = logging.getLogger(name)
        for rq_handler in [h for h in logger.handlers if isinstance(h, ColorizingStreamHandler)]:
            logger.removeHandler(rq_handler)
