"""Toggl's fields and values in the words people use: ``billable rate 80.00 → 85.00 EUR``.

Plans keep Toggl's own field names and values; everything shown to people
(cards, results, status, audit lines) goes through :func:`change_words`, whose
values are escaped (``bot.messages.text``): a name or note from Toggl is text,
never markup.
"""
from __future__ import annotations

from typing import Any

from bot.messages.format import hours, money
from bot.messages.text import esc
from bot.parsing.values import DAY_NAMES

LABELS = {
    "rate": "billable rate", "labor_cost": "labor cost", "working_hours_in_minutes": "working hours",
    "inactive": "status", "archived": "status", "amount": "amount", "membership": "membership",
    "threshold": "threshold", "frequency": "how often", "people": "people", "groups": "groups",
    "default_hourly_rate": "default hourly rate", "default_currency": "currency",
    "rounding_minutes": "rounding step", "rate_change_mode": "rate changes apply",
    "limit_public_project_data": "limit public project data",
    "only_admins_may_create_projects": "only admins may create projects",
    "only_admins_may_create_tags": "only admins may create tags",
    "only_admins_see_team_dashboard": "only admins see the team dashboard",
    "projects_billable_by_default": "projects billable by default",
    "projects_enforce_billable": "projects enforce billable",
    "projects_private_by_default": "projects private by default", "reports_collapse": "reports collapse",
    "fullname": "name", "timezone": "time zone", "beginning_of_week": "week starts on",
    "country_id": "country id", "default_workspace_id": "default workspace", "projects": "projects",
    "thresholds": "alert at", "receivers": "alerted",
}
MONEY_FIELDS = frozenset({"rate", "labor_cost", "amount", "default_hourly_rate"})
ROUNDING_WORDS = {-1: "down", 0: "nearest", 1: "up"}
FREQUENCY_WORDS = {1: "daily", 7: "weekly"}
MODE_WORDS = {"start-today": "from today on", "override-current": "from the start of the current rate",
              "override-all": "for all time"}


def label(field: str) -> str:
    """How a field is called: ``working_hours_in_minutes`` → ``working hours``."""
    return LABELS.get(field, field.replace("_", " "))


def value_words(field: str, value: Any, currency: str | None = None) -> str:
    """How a value of ``field`` reads: ``85.00 EUR``, ``7h 30m``, ``deactivated``, ``yes``…"""
    if value is None:
        return "none"
    if field in MONEY_FIELDS:
        return money(value, currency)
    if field == "working_hours_in_minutes":
        return hours(value)
    if field == "threshold":
        return hours(int(value) * 60)
    if field == "inactive":
        return "deactivated" if value else "active"
    if field == "archived":
        return "archived" if value else "active"
    if field == "rounding":
        return ROUNDING_WORDS.get(value, str(value))
    if field == "rounding_minutes":
        return f"{value} min"
    if field == "frequency":
        return FREQUENCY_WORDS.get(value, f"every {value} days")
    if field == "rate_change_mode":
        return MODE_WORDS.get(value, str(value))
    if field == "beginning_of_week" and isinstance(value, int) and 0 <= value <= 6:
        return DAY_NAMES[value].title()
    if field in ("name", "notes", "fullname"):
        return f"“{esc(value)}”" if value else "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(esc(item) for item in value) or "nobody"
    return esc(value)


def change_words(field: str, before: Any, after: Any, currency: str | None = None) -> str:
    """``billable rate 80.00 → 85.00 EUR``, ``role user → admin``, ``status active → deactivated``."""
    if field in MONEY_FIELDS and before is not None and after is not None and currency:
        return f"{label(field)} {money(before, None)} → {money(after, currency)}"
    return f"{label(field)} {value_words(field, before, currency)} → {value_words(field, after, currency)}"
