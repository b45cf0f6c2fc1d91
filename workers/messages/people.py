"""Results of ``users`` and ``user show|set|deactivate|reactivate|remove``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, ephemeral, fields_section, in_channel, section
from bot.messages.format import hours, money, person_name, person_status
from workers.messages.listing import listing, table, title

FIELD_LABELS = {"role": "role", "rate": "billable rate", "labor_cost": "labor cost",
                "working_hours_in_minutes": "working hours", "inactive": "status"}


def users_list(people: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *,
               search: str = "", inactive: bool = False) -> Message:
    """``users``: aligned name, email, role, status, rate and id."""
    heading = title("Deactivated users" if inactive else "Users", workspace, len(people), ref, search)
    currency = workspace.get("default_currency")
    rows = [[p.get("name") or "", p.get("email") or "", p.get("role") or "user", person_status(p),
             money(p.get("rate"), currency), f"id:{p['id']}"]
            for p in sorted(people, key=lambda p: (p.get("name") or "").lower())]
    return listing(heading, table(rows, [26, 32, 11, 11, 14, 10]), empty="Nobody.",
                   footer="`/toggl user show <who>` for one person.")


def user_detail(person: dict[str, Any], workspace: dict[str, Any], group_names: list[str],
                ref: str) -> Message:
    """``user show``: one workspace user."""
    currency = workspace.get("default_currency")
    title = f"*{person_name(person)}* — ref {ref}"
    pairs = [("Role", person.get("role") or "user"), ("Status", person_status(person)),
             ("Billable rate", money(person.get("rate"), currency)),
             ("Labor cost", money(person.get("labor_cost"), currency)),
             ("Working hours", hours(person.get("working_hours_in_minutes"))),
             ("Groups", ", ".join(group_names) or "—"),
             ("Workspace user id", f"id:{person['id']}"), ("Toggl user id", str(person.get("uid", "—")))]
    return ephemeral(title, section(title), fields_section(pairs))


def user_updated(person: dict[str, Any], fields: dict[str, Any], workspace: dict[str, Any],
                 ref: str) -> Message:
    """``user set``, ``deactivate`` and ``reactivate`` succeeded."""
    if set(fields) == {"inactive"}:
        verb = "Deactivated" if fields["inactive"] else "Reactivated"
        return in_channel(f"✅ {verb} {person_name(person)} in {workspace.get('name')} — ref {ref}")
    currency = workspace.get("default_currency")
    shown = {"rate": lambda v: money(v, currency), "labor_cost": lambda v: money(v, currency),
             "working_hours_in_minutes": hours}
    changes = ", ".join(f"{FIELD_LABELS.get(k, k)} → {shown.get(k, str)(v)}" for k, v in fields.items())
    return in_channel(f"✅ Updated {person_name(person)}: {changes} — ref {ref}")


def users_removed(people: list[dict[str, Any]], workspace: dict[str, Any], ref: str) -> Message:
    """``user remove`` succeeded."""
    names = ", ".join(person_name(p) for p in people)
    what = "1 person" if len(people) == 1 else f"{len(people)} people"
    return in_channel(f"✅ Removed {what} from {workspace.get('name')}: {names} — ref {ref}")
