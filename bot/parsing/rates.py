"""rate set | rate show: targets, amounts, type and mode."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from bot.parsing.args import Args
from bot.parsing.lexer import Word
from bot.parsing.problems import ValueProblem
from bot.parsing.values import parse_amount, parse_item, parse_person, parse_positive_int

RATE_MODES = ("start-today", "override-current", "override-all")
RETROACTIVE_MODES = ("override-current", "override-all")  # they recalculate past time entries
TYPES = {"billable": "billable_rates", "labor": "labor_rates"}
_PROJECT = re.compile(r"^project:(.+)$", re.IGNORECASE | re.DOTALL)
_TASK = re.compile(r"^task:(.+)$", re.IGNORECASE)


def rate_set(args: Args) -> dict[str, Any]:
    """``rate set <target> <amount> [billable|labor] [mode=…|start=YYYY-MM-DD]``."""
    args.no_options("mode", "start")
    words, rate_type = _split_type(args.positionals)
    if len(words) < 2:
        raise args.fail("give a target and an amount, e.g. `rate set @jane 85`")
    amount = args.check(parse_amount, words[-1].text)
    values: dict[str, Any] = {"target": _target(args, words[:-1]), "amount": amount, "type": rate_type}
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
    return {"target": _target(args, words), "type": rate_type}


def _split_type(words: list[Word]) -> tuple[list[Word], str]:
    if words and not words[-1].quoted and words[-1].text.lower() in TYPES:
        return words[:-1], TYPES[words[-1].text.lower()]
    return words, TYPES["billable"]


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
