"""rate set | rate show: targets, amounts, type and mode."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from bot.parsing.args import Args, resembles
from bot.parsing.lexer import Word
from bot.parsing.problems import UsageError, ValueProblem
from bot.parsing.values import parse_amount, parse_currency, parse_item, parse_person, parse_positive_int

RATE_MODES = ("start-today", "override-current", "override-all")
RETROACTIVE_MODES = ("override-current", "override-all")  # they recalculate past time entries
TYPES = {"billable": "billable_rates", "labor": "labor_rates"}
_PROJECT = re.compile(r"^project:(.+)$", re.IGNORECASE | re.DOTALL)
_TASK = re.compile(r"^task:(.+)$", re.IGNORECASE)
_AMOUNT_LIKE = re.compile(r"^[0-9][0-9.,]*$")  # where the amount stands (parse_amount then checks it)


def rate_set(args: Args) -> dict[str, Any]:
    """``rate set <target> <amount> [<currency>] [billable|labor] [mode=…|start=YYYY-MM-DD]``: the currency
    (``85 EUR``) is checked against the workspace's by the worker."""
    args.no_options("mode", "start")
    words, rate_type, currency = _split_tail(args, args.positionals)
    if len(words) < 2:
        raise args.fail("give a target and an amount, e.g. `rate set @jane 85`")
    amount = args.check(parse_amount, words[-1].text)
    values: dict[str, Any] = {"target": _target(args, words[:-1]), "amount": amount, "type": rate_type}
    if currency:
        values["currency"] = currency
    if "mode" in args.options and "start" in args.options:
        raise args.fail("give either mode= or start=, not both")
    if "start" in args.options:
        values["start"] = args.check(_start_date, args.options["start"])
    else:
        mode = args.options.get("mode", "start-today").lower()
        if mode not in RATE_MODES:
            raise args.fail(f"mode must be one of {', '.join(RATE_MODES)}, got `{mode}`")
        values["mode"] = mode
    return values


def is_retroactive(values: dict[str, Any]) -> bool:
    """Whether a parsed ``rate set`` recalculates past time entries: an override mode, or a start
    date before today (UTC)."""
    start = values.get("start")
    return values.get("mode") in RETROACTIVE_MODES or (start is not None and start < _today())


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def rate_show(args: Args) -> dict[str, Any]:
    """``rate show <target> [billable|labor]``."""
    args.no_options()
    words, rate_type = _split_type(args.positionals)
    if len(words) >= 2 and _in_type_place(words[-1]):  # a target, then a word that is no part of one
        also = " (or a person: a mention, an email or id:<workspace user id>)" if _PROJECT.match(words[0].text) \
            and len(words) == 2 else ""
        raise _type_hint(args, words[-1], also)
    return {"target": _target(args, words), "type": rate_type}


def _split_type(words: list[Word]) -> tuple[list[Word], str]:
    if words and not words[-1].quoted and words[-1].text.lower() in TYPES:
        return words[:-1], TYPES[words[-1].text.lower()]
    return words, TYPES["billable"]


def _split_tail(args: Args, words: list[Word]) -> tuple[list[Word], str, str | None]:
    """The words up to the amount, the rate type and the currency code: after the amount come at most
    two words, ``billable``/``labor`` and a currency code, in either order; anything else there is
    refused with what may go there."""
    at = next((i for i in range(len(words) - 1, max(len(words) - 4, 0), -1)
               if not words[i].quoted and _AMOUNT_LIKE.match(words[i].text)), None)
    if at is None:  # no amount where one could be: complain about the amount, as before
        words, rate_type = _split_type(words)
        return words, rate_type, None
    rate_type: str | None = None
    currency: str | None = None
    for word in words[at + 1:]:
        if not word.quoted and word.text.lower() in TYPES:
            if rate_type is not None:
                raise args.fail("give the rate type once")
            rate_type = TYPES[word.text.lower()]
        elif resembles(word, list(TYPES)):
            raise _type_hint(args, word)
        elif code := parse_currency(word):
            if currency is not None:
                raise args.fail("give the currency once")
            currency = code
        else:
            raise args.fail(f"`{word.text}`: after the amount can come the rate type (billable or labor) "
                            "and the workspace's currency code (e.g. EUR)")
    return words[:at + 1], rate_type or TYPES["billable"], currency


def _in_type_place(word: Word) -> bool:
    """A word that cannot be part of a target: not a person, a project or a task (unquoted)."""
    if word.quoted or _PROJECT.match(word.text) or _TASK.match(word.text):
        return False
    try:
        parse_person(word)
    except ValueProblem:
        return True
    return False


def _type_hint(args: Args, word: Word, also: str = "") -> UsageError:
    return args.keyword_hint(word, "the rate type", list(TYPES), also)


def _target(args: Args, words: list[Word]) -> dict:
    """``workspace``, ``<who>``, ``project:…``, ``project:… <who>`` or ``task:<id>``."""
    if not words:
        raise args.fail("give a target: workspace, a person, project:<id or \"name\"> [person] or task:<id>")
    first = words[0]
    if len(words) == 1 and first.text.lower() == "workspace" and not first.quoted:
        return {"level": "workspace"}
    if match := _TASK.match(first.text):
        if len(words) > 1:
            raise args.fail(f"unexpected `{words[1].text}` after the task")
        return {"level": "task", "task_id": args.check(parse_positive_int, match.group(1), "task id")}
    if match := _PROJECT.match(first.text):
        project = args.check(parse_item, Word(match.group(1), first.quoted), "project")
        if len(words) == 1:
            return {"level": "project", "project": project}
        return {"level": "project_user", "project": project, "who": args.one_person(words[1:])}
    if len(words) > 1:
        raise args.fail(f"unexpected `{words[1].text}`; quote names with spaces")
    try:
        return {"level": "workspace_user", "who": parse_person(first)}
    except ValueProblem:
        raise args.fail(f"`{first.text}` is not a rate target: use workspace, a person, "
                        "project:<id or \"name\"> or task:<id>") from None


def _start_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> str:
    raise ValueProblem(f"start must be a date like 2026-01-31, got `{text}`")
