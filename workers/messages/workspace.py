"""Results of ``workspace`` and ``constraints``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, context, ephemeral, fields_section, section
from bot.messages.format import money
from bot.messages.text import esc

ROUNDING_WORDS = {-1: "down", 0: "nearest", 1: "up"}
REQUIRED_FIELDS = (("description_present", "Description", "a description"), ("project_present", "Project", "a project"),
                   ("tag_present", "Tag", "a tag"), ("task_present", "Task", "a task"))


def workspace_overview(workspace: dict[str, Any], stats: dict[str, Any], ref: str) -> Message:
    """``workspace``: the main settings and statistics."""
    title = f"*{esc(workspace.get('name'))}* (workspace {esc(workspace.get('id'))}) — ref {ref}"
    admins = ", ".join(esc(a.get("name", "?")) for a in stats.get("admins") or []) or "—"
    plan = "Premium" if workspace.get("business_ws") else "Starter" if workspace.get("premium") else "Free"
    pairs = [("Plan", plan), ("Members", esc(stats.get("members_count", "—"))),
             ("Groups", esc(stats.get("groups_count", "—"))), ("Admins", admins),
             ("Default rate", money(workspace.get("default_hourly_rate"), workspace.get("default_currency"))),
             ("Currency", esc(workspace.get("default_currency") or "—")),
             ("Rounding", f"{ROUNDING_WORDS.get(workspace.get('rounding'), '—')}, "
                          f"{workspace.get('rounding_minutes') or 0} min"),
             ("Only admins create projects", _yes(workspace.get("only_admins_may_create_projects"))),
             ("Only admins create tags", _yes(workspace.get("only_admins_may_create_tags"))),
             ("Projects billable by default", _yes(workspace.get("projects_billable_by_default")))]
    return ephemeral(title, section(title), fields_section(pairs),
                     context(f"Organization {esc(workspace.get('organization_id'))}. "
                             "`/toggl workspace set &lt;field&gt;=&lt;value&gt;` changes settings."))


def constraints_overview(constraints: dict[str, Any], workspace: dict[str, Any], ref: str) -> Message:
    """``constraints``: whether they are on, and which fields every time entry must have, in words."""
    title = f"*Time entry constraints of {esc(workspace.get('name', 'the workspace'))}* — ref {ref}"
    enabled = bool(constraints.get("time_entry_constraints_enabled"))
    needed = [words for key, _label, words in REQUIRED_FIELDS if constraints.get(key)]
    if not enabled:
        verdict = "Time entry constraints are off: nothing is required."
        if needed:
            verdict += f" (Turned on, every time entry would need: {', '.join(needed)}.)"
    elif needed:
        verdict = f"Every time entry must have: {', '.join(needed)}."
    else:
        verdict = "Time entry constraints are on, but no field is required."
    pairs = [("Constraints", "on" if enabled else "off")]
    pairs += [(label, "required" if enabled and constraints.get(key) else "not required")
              for key, label, _words in REQUIRED_FIELDS]
    return ephemeral(f"{title}\n{verdict}", section(f"{title}\n{verdict}"), fields_section(pairs),
                     context("They are changed in Toggl's workspace settings; the bot only shows them."))


def _yes(value: Any) -> str:
    return "yes" if value else "no"
