"""workspace set: the documented PUT /workspaces fields, checked."""
from __future__ import annotations

import re
from typing import Any, Callable

from bot.parsing.args import Args
from bot.parsing.problems import ValueProblem
from bot.parsing.rates import RATE_MODES
from bot.parsing.values import parse_amount, parse_currency

MAX_WORKSPACE_NAME = 140
ROUNDING = {"down": -1, "-1": -1, "nearest": 0, "0": 0, "up": 1, "1": 1}
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")
BOOLEAN_FIELDS = ("limit_public_project_data", "only_admins_may_create_projects",
                  "only_admins_may_create_tags", "only_admins_see_team_dashboard",
                  "projects_billable_by_default", "projects_enforce_billable",
                  "projects_private_by_default", "reports_collapse")


def _name(raw: str) -> str:
    if not raw.strip():
        raise ValueProblem("name must contain non-space characters")
    if len(raw) > MAX_WORKSPACE_NAME:
        raise ValueProblem(f"name can have at most {MAX_WORKSPACE_NAME} characters")
    return raw.strip()


def _currency(raw: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{3}", raw):
        raise ValueProblem(f"default_currency must be a 3-letter code like EUR or USD, got `{raw}`")
    return raw.upper()


def _rate(raw: str) -> float:
    if raw in ("0", "0.0", "0.00"):
        return 0.0
    return float(parse_amount(raw, "default_hourly_rate"))


def _rounding(raw: str) -> int:
    if raw.lower() not in ROUNDING:
        raise ValueProblem(f"rounding must be down, nearest or up (-1, 0, 1), got `{raw}`")
    return ROUNDING[raw.lower()]


def _minutes(raw: str) -> int:
    if not raw.isdecimal():
        raise ValueProblem(f"rounding_minutes must be a whole number of minutes, got `{raw}`")
    return int(raw)


def _mode(raw: str) -> str:
    if raw.lower() not in RATE_MODES:
        raise ValueProblem(f"rate_change_mode must be one of {', '.join(RATE_MODES)}")
    return raw.lower()


def _boolean(raw: str) -> bool:
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ValueProblem(f"expected true or false, got `{raw}`")


WORKSPACE_FIELDS: dict[str, Callable[[str], object]] = {
    "name": _name, "default_currency": _currency, "default_hourly_rate": _rate,
    "rounding": _rounding, "rounding_minutes": _minutes, "rate_change_mode": _mode,
    **{field: _boolean for field in BOOLEAN_FIELDS},
}


def workspace_set(args: Args) -> dict[str, Any]:
    """``workspace set field=value…``; a currency code after ``default_hourly_rate=85`` (``85 EUR``) is
    checked against the workspace's by the worker."""
    words = args.positionals
    currency = parse_currency(words[0]) if len(words) == 1 and "default_hourly_rate" in args.options else None
    if not currency:
        args.no_positionals()
    fields = {key: args.check(_field_value, key, raw) for key, raw in args.fields(list(WORKSPACE_FIELDS)).items()}
    return {"fields": fields, **({"currency": currency} if currency else {})}


def _field_value(key: str, raw: str) -> object:
    try:
        return WORKSPACE_FIELDS[key](raw)
    except ValueProblem as problem:  # name the field unless the complaint already does
        raise ValueProblem(str(problem) if str(problem).startswith(key) else f"{key}: {problem}") from None


def workspace_create(args: Args) -> dict[str, Any]:
    """``workspace create <name> [currency=<ISO>] [rate=<amount>]``: the name, and the currency and
    default hourly rate Toggl takes in the same request."""
    args.no_options("currency", "rate")
    values: dict[str, Any] = {"name": args.check(_name, " ".join(w.text for w in args.positionals))}
    if "currency" in args.options:
        values["default_currency"] = args.check(_currency, args.options["currency"])
    if "rate" in args.options:
        values["default_hourly_rate"] = args.check(_rate, args.options["rate"])
    return values
