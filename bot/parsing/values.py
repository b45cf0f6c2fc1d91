"""Parsing and checking single values: people, emails, ids, names, amounts, hours, days, zones.

A *person selector* is how a command names someone before the worker finds
them in Toggl: ``{"slack_user": "U…"}``, ``{"email": "…"}`` or
``{"workspace_user_id": 5001}``. An *item selector* names a client or a
project: ``{"id": 3001}`` or ``{"name": "Globex"}``.
"""
from __future__ import annotations

import re
import zoneinfo
from decimal import Decimal
from functools import lru_cache

from bot.parsing.lexer import Word
from bot.parsing.problems import ValueProblem

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_MAILTO = re.compile(r"^<mailto:([^|>]+)(?:\|[^>]*)?>$")
_EMAIL = re.compile(r"^[^@\s<>|,;]+@[^@\s<>|,;]+\.[A-Za-z]{2,}$")
_WORKSPACE_USER_ID = re.compile(r"^id:(\d+)$", re.IGNORECASE)
_HOURS = re.compile(r"^(\d+(?:\.\d+)?)h$", re.IGNORECASE)
_AMOUNT = re.compile(r"^[0-9]+(?:\.[0-9]{1,2})?$")  # plain decimals: no exponents, signs, inf or other digits
_DECIMAL_COMMA = re.compile(r"^([0-9]+),([0-9]+)$")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")
DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


def parse_email(text: str) -> str | None:
    """An email from ``a@b.co`` or Slack's ``<mailto:a@b.co|a@b.co>``; None if neither."""
    match = _MAILTO.match(text)
    candidate = match.group(1) if match else text
    return candidate.lower() if _EMAIL.match(candidate) else None


def parse_person(word: Word | str) -> dict:
    """A person selector from a word as Slack sent it: a mention, an email (plain or Slack's
    mailto link) or ``id:<workspace_user_id>``."""
    raw, typed = (word.raw, word.text) if isinstance(word, Word) else (word, word)
    if match := _MENTION.match(raw):
        return {"slack_user": match.group(1)}
    if email := parse_email(raw):
        return {"email": email}
    if match := _WORKSPACE_USER_ID.match(raw):
        return {"workspace_user_id": int(match.group(1))}
    raise ValueProblem(f"`{typed}` is not a person: use a mention (@jane), an email "
                       "or id:<workspace user id>")


def parse_item(word: Word, what: str) -> dict:
    """An item selector: an unquoted number is an id, anything else a name."""
    if word.text.isdecimal() and not word.quoted:
        return {"id": parse_positive_int(word.text, f"{what} id")}
    if not word.text.strip():
        raise ValueProblem(f"the {what} name is empty")
    return {"name": word.text.strip()}


def parse_positive_int(text: str, what: str) -> int:
    """A whole number above zero."""
    if not text.isdecimal() or int(text) <= 0:
        raise ValueProblem(f"{what} must be a positive whole number, got `{text}`")
    return int(text)


def parse_amount(text: str, what: str = "amount") -> str:
    """A positive plain decimal with at most two decimal places (``85``, ``85.5``, ``85.50``), kept
    as the string typed; ``85,50`` gets a hint, ``1e3``, ``inf``, negatives and zero are refused."""
    if _AMOUNT.match(text) and Decimal(text) > 0:
        return text
    problem = f"{what} must be a positive number like 85 or 85.50, got `{text}`"
    if match := _DECIMAL_COMMA.match(text):
        whole, part = match.groups()
        problem += f"; did you mean {whole}.{part}?" if len(part) <= 2 else f"; did you mean {whole}{part}?"
    raise ValueProblem(problem)


def parse_currency(word: Word) -> str | None:
    """A currency code written after an amount (``EUR``, ``usd``) → ``EUR``; None for any other word.
    Which currency is right is the workspace's to say, so any three letters are taken here."""
    return word.text.upper() if not word.quoted and _CURRENCY.match(word.text) else None


def parse_hours(text: str) -> float | None:
    """``7.5h`` → 7.5; None when the word is not hours written with an ``h``."""
    match = _HOURS.match(text)
    return float(match.group(1)) if match else None


def parse_weekday(text: str) -> int:
    """0–6 (Sunday = 0, as Toggl counts) or a day name or its first three letters."""
    lowered = text.lower()
    if lowered.isdecimal() and 0 <= int(lowered) <= 6:
        return int(lowered)
    for number, name in enumerate(DAY_NAMES):
        if len(lowered) >= 3 and name.startswith(lowered):
            return number
    raise ValueProblem(f"beginning_of_week must be 0–6 (Sunday = 0) or a day name, got `{text}`")


@lru_cache(maxsize=1)
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def parse_timezone(text: str) -> str:
    """An IANA time zone name such as ``Europe/Tallinn`` (case-insensitive)."""
    if text.lower() in _time_zones():
        return _time_zones()[text.lower()]
    raise ValueProblem(f"`{text}` is not an IANA time zone (e.g. Europe/Tallinn, America/New_York)")
