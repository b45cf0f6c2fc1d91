"""alert add | alert delete: a project, percentages of its estimate, and who is told."""
from __future__ import annotations

import re
from typing import Any

from bot.parsing.args import Args
from bot.parsing.lexer import Word
from bot.parsing.problems import ValueProblem
from bot.parsing.values import parse_item, parse_person, parse_positive_int

MAX_PERCENT = 1000  # an alert past ten times the estimate says nothing new
ROLE_WORDS = {"admins": "admin", "admin": "admin", "projectleads": "projectlead", "projectlead": "projectlead",
              "project-leads": "projectlead", "teamleads": "teamlead", "teamlead": "teamlead",
              "team-leads": "teamlead"}
_PROJECT = re.compile(r"^project:(.+)$", re.IGNORECASE | re.DOTALL)
_PERCENT = re.compile(r"^(\d+)%?$")
_LIST_ITEM = re.compile(r"<[^>]*>|[^,<]+")  # commas inside Slack's markup do not split


def alert_add(args: Args) -> dict[str, Any]:
    """``alert add project:<id or "name"> <pct>%[,<pct>%…] [to=admins,projectlead,<who>…]``."""
    args.no_options("to")
    words = args.positionals
    if not words or not (match := _PROJECT.match(words[0].text)):
        raise args.fail('start with the project: project:<id> or project:"<name>"')
    project = args.check(parse_item, Word(match.group(1), words[0].quoted), "project")
    percents = [w for w in words[1:] if _is_percent_list(w.text)]
    people_words = [w for w in words[1:] if w not in percents]
    if not percents:
        raise args.fail("give the share of the estimate to alert at, e.g. `80%` or `80%,100%`")
    thresholds = sorted({args.check(_percent, item) for w in percents for item in _items(w.text)})
    roles: list[str] = []
    people = [args.check(parse_person, w) for w in people_words]
    for item in _items(args.raw_options.get("to", "admins")):
        role = ROLE_WORDS.get(item.lower())
        if role is not None:
            roles.append(role)
        else:
            people.append(args.check(_recipient, item))
    if not roles and not people:
        raise args.fail("say who is alerted: to=admins, to=projectlead, people, or several")
    return {"project": project, "thresholds": thresholds, "roles": sorted(set(roles)),
            "people": args.distinct(people)}


def alert_delete(args: Args) -> dict[str, Any]:
    """``alert delete <id>``."""
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("give the id of one alert (`/toggl alerts` lists them)")
    return {"alert_id": args.check(parse_positive_int, args.positionals[0].text, "alert id")}


def _items(text: str) -> list[str]:
    return [item.strip() for item in _LIST_ITEM.findall(text) if item.strip()]


def _is_percent_list(text: str) -> bool:
    return all(_PERCENT.match(item) for item in _items(text)) and bool(_items(text))


def _percent(text: str) -> int:
    match = _PERCENT.match(text)
    value = int(match.group(1)) if match else 0
    if not 1 <= value <= MAX_PERCENT:
        raise ValueProblem(f"a threshold is a whole percentage from 1% to {MAX_PERCENT}%, got `{text}`")
    return value


def _recipient(text: str) -> dict:
    try:
        return parse_person(text)
    except ValueProblem:
        raise ValueProblem(f"`{text}` is neither a role (admins, projectlead, teamlead) nor a person "
                           "(a mention, an email or id:<workspace user id>)") from None
