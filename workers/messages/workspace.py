"""Results of ``workspace`` and ``workspace set``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, context, ephemeral, fields_section, in_channel, section
from bot.messages.format import money

ROUNDING_WORDS = {-1: "down", 0: "nearest", 1: "up"}


def workspace_overview(workspace: dict[str, Any], stats: dict[str, Any], ref: str) -> Message:
    """``workspace``: the main settings and statistics."""
    title = f"*{workspace.get('name')}* (workspace {workspace.get('id')}) — ref {ref}"
    admins = ", ".join(a.get("name", "?") for a in stats.get("admins") or []) or "—"
    plan = "Premium" if workspace.get("business_ws") else "Starter" if workspace.get("premium") else "Free"
    pairs = [("Plan", plan), ("Members", str(stats.get("members_count", "—"))),
             ("Groups", str(stats.get("groups_count", "—"))), ("Admins", admins),
             ("Default rate", money(workspace.get("default_hourly_rate"), workspace.get("default_currency"))),
             ("Currency", workspace.get("default_currency") or "—"),
             ("Rounding", f"{ROUNDING_WORDS.get(workspace.get('rounding'), '—')}, "
                          f"{workspace.get('rounding_minutes') or 0} min"),
             ("Only admins create projects", _yes(workspace.get("only_admins_may_create_projects"))),
             ("Only admins create tags", _yes(workspace.get("only_admins_may_create_tags"))),
             ("Projects billable by default", _yes(workspace.get("projects_billable_by_default")))]
    return ephemeral(title, section(title), fields_section(pairs),
                     context(f"Organization {workspace.get('organization_id')}. "
                             "`/toggl workspace set <field>=<value>` changes settings."))


def workspace_updated(workspace: dict[str, Any], fields: dict[str, Any], ref: str) -> Message:
    """``workspace set`` succeeded."""
    changes = ", ".join(f"{key} → {_value(key, value)}" for key, value in fields.items())
    return in_channel(f"✅ Updated workspace {workspace.get('name')}: {changes} — ref {ref}")


def _value(key: str, value: Any) -> str:
    if key == "rounding":
        return ROUNDING_WORDS.get(value, str(value))
    if isinstance(value, bool):
        return _yes(value)
    return str(value)


def _yes(value: Any) -> str:
    return "yes" if value else "no"
