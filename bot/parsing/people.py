"""user show|set|deactivate|reactivate|remove."""
from __future__ import annotations

from typing import Any

from bot.parsing.args import Args
from bot.parsing.problems import ValueProblem
from bot.parsing.values import parse_amount, parse_currency, parse_hours

ROLES = ("admin", "user", "projectlead", "teamlead")
USER_FIELDS = ("role", "rate", "labor_cost", "working_hours")
MONEY_FIELDS = {"rate", "labor_cost"}
MAX_WORKING_MINUTES = 24 * 60


def user_show(args: Args) -> dict[str, Any]:
    """``user show <who>``."""
    args.no_options()
    return {"who": args.one_person(args.positionals)}


def user_set(args: Args) -> dict[str, Any]:
    """``user set <who> field=value…`` → the Toggl body, already in Toggl's terms. A currency code after
    the person or an amount (``rate=85 EUR``) is checked against the workspace's by the worker."""
    words = list(args.positionals)
    currency = parse_currency(words[-1]) if len(words) == 2 and MONEY_FIELDS & set(args.options) else None
    who = args.one_person(words[:1] if currency else words)
    body: dict[str, object] = {}
    for key, raw in args.fields(USER_FIELDS).items():
        if key == "role":
            if raw.lower() not in ROLES:
                raise args.fail(f"role must be one of {', '.join(ROLES)}, got `{raw}`")
            body["role"] = raw.lower()
        elif key in ("rate", "labor_cost"):
            body[key] = float(args.check(parse_amount, raw, key))
        else:
            body["working_hours_in_minutes"] = args.check(working_minutes, raw)
    return {"who": who, "fields": body, **({"currency": currency} if currency else {})}


def working_minutes(raw: str) -> int:
    """Working hours per day as minutes: ``450`` or ``7.5h``."""
    hours = parse_hours(raw)
    if hours is not None:
        minutes = hours * 60
    elif raw.isdecimal():
        minutes = int(raw)
    else:
        raise ValueProblem(f"working_hours must be minutes (450) or hours (7.5h), got `{raw}`")
    if minutes <= 0 or minutes > MAX_WORKING_MINUTES or minutes != int(minutes):
        raise ValueProblem(f"working_hours must be a whole number of minutes from 1 to 1440, got `{raw}`")
    return int(minutes)


def user_activation(args: Args) -> dict[str, Any]:
    """``user deactivate <who>`` / ``user reactivate <who>``."""
    args.no_options()
    return {"who": args.one_person(args.positionals)}


def user_remove(args: Args) -> dict[str, Any]:
    """``user remove <who> [<who>…]``."""
    args.no_options()
    return {"who": args.people(args.positionals)}


MEMBER_FLAGS = ("custom-rates", "pending")


def members(args: Args) -> dict[str, Any]:
    """``members [<search>] [custom-rates] [pending]``: the flags are the last unquoted words, any order."""
    args.no_options()
    words = list(args.positionals)
    flags: set[str] = set()
    while words and not words[-1].quoted and words[-1].text.lower() in MEMBER_FLAGS:
        flags.add(words.pop().text.lower())
    if words:
        args.no_slip_of(MEMBER_FLAGS, words[-1])
    return {"search": " ".join(w.text for w in words).strip(), "custom_rates": "custom-rates" in flags,
            "pending": "pending" in flags}
