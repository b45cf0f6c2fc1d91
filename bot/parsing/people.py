"""users, user show|set|deactivate|reactivate|remove."""
from __future__ import annotations

import re

from bot.commands import Command, Parsed
from bot.parsing.args import Args
from bot.values import ValueProblem, parse_amount

ROLES = ("admin", "user", "projectlead", "teamlead")
USER_FIELDS = ("role", "rate", "labor_cost", "working_hours")
_HOURS = re.compile(r"^(\d+(?:\.\d+)?)h$", re.IGNORECASE)
MAX_WORKING_MINUTES = 24 * 60


def users(args: Args, ws: int | None) -> Parsed:
    """``users [<search>] [inactive]``."""
    args.no_options()
    search, inactive = args.search_and_flag("inactive")
    return Parsed(Command("users", {"search": search, "inactive": inactive}, ws))


def user_show(args: Args, ws: int | None) -> Parsed:
    """``user show <who>``."""
    args.no_options()
    return Parsed(Command("user.show", {"who": args.one_person(args.positionals)}, ws))


def user_set(args: Args, ws: int | None) -> Parsed:
    """``user set <who> field=value…`` → the Toggl body, already in Toggl's terms."""
    who = args.one_person(args.positionals)
    if not args.options:
        raise args.fail("give at least one field=value: " + ", ".join(USER_FIELDS))
    body: dict[str, object] = {}
    for key, raw in args.options.items():
        if key not in USER_FIELDS:
            raise args.fail(f"unknown field `{key}`; fields: " + ", ".join(USER_FIELDS))
        if key == "role":
            if raw.lower() not in ROLES:
                raise args.fail(f"role must be one of {', '.join(ROLES)}, got `{raw}`")
            body["role"] = raw.lower()
        elif key in ("rate", "labor_cost"):
            body[key] = float(args.check(parse_amount, raw, key))
        else:
            body["working_hours_in_minutes"] = args.check(working_minutes, raw)
    return Parsed(Command("user.set", {"who": who, "fields": body}, ws))


def working_minutes(raw: str) -> int:
    """Working hours per day as minutes: ``450`` or ``7.5h``."""
    if match := _HOURS.match(raw):
        minutes = float(match.group(1)) * 60
    elif raw.isdecimal():
        minutes = int(raw)
    else:
        raise ValueProblem(f"working_hours must be minutes (450) or hours (7.5h), got `{raw}`")
    if minutes <= 0 or minutes > MAX_WORKING_MINUTES or minutes != int(minutes):
        raise ValueProblem(f"working_hours must be a whole number of minutes from 1 to 1440, got `{raw}`")
    return int(minutes)


def user_activation(args: Args, ws: int | None) -> Parsed:
    """``user deactivate <who>`` / ``user reactivate <who>``."""
    args.no_options()
    return Parsed(Command(args.name, {"who": args.one_person(args.positionals)}, ws))


def user_remove(args: Args, ws: int | None) -> Parsed:
    """``user remove <who> [<who>…]``."""
    args.no_options()
    return Parsed(Command("user.remove", {"who": args.people(args.positionals)}, ws))
