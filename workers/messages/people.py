"""Results of ``users``, ``members`` and ``user show``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, ephemeral, fields_section, section
from bot.messages.format import hours, money, person_name, person_status
from bot.messages.text import esc
from workers.messages.listing import listing, table, title


def users_list(people: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *,
               search: str = "", inactive: bool = False) -> Message:
    """``users``: aligned name, email, role, status, rate and id."""
    heading = title("Deactivated users" if inactive else "Users", workspace, len(people), ref, search)
    currency = workspace.get("default_currency")
    rows = [[p.get("name") or "", p.get("email") or "", p.get("role") or "user",
             person_status(p) + (" (group)" if p.get("is_direct") is False else ""),
             money(p.get("rate"), currency), f"id:{p['id']}"]
            for p in sorted(people, key=lambda p: (p.get("name") or "").lower())]
    footer = "`/toggl user show &lt;who&gt;` for one person."
    if any(p.get("is_direct") is False for p in people):
        footer = "(group): in the workspace through a group only. " + footer
    return listing(heading, table(rows, [26, 32, 11, 19, 14, 10]), empty="Nobody.", footer=footer)


def member_list(people: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *, search: str = "",
                custom_rates: bool = False, pending: bool = False) -> Message:
    """``members``: aligned name, email, role, status, ``group`` (through a group only), rate, labor cost
    and ``id:<workspace user id>``."""
    what = ("Invited members" if pending else "Members") + (" with their own rates" if custom_rates else "")
    heading = title(what, workspace, len(people), ref, search)
    currency = workspace.get("default_currency")
    rows = [[p.get("name") or "", p.get("email") or "", p.get("role") or "user", person_status(p),
             "group" if p.get("is_direct") is False else "", f"rate {money(p.get('rate'), currency)}",
             f"labor cost {money(p.get('labor_cost'), currency)}", f"id:{p['id']}"]
            for p in sorted(people, key=lambda p: ((p.get("name") or "").lower(), int(p["id"])))]
    notes = []
    if any(p.get("is_direct") is False for p in people):
        notes.append("group: in the workspace through a group only.")
    if any(person_status(p) == "invited" for p in people):
        notes.append("invited: has not accepted the invitation yet.")
    notes.append("`/toggl user show id:&lt;id&gt;` for one person.")
    return listing(heading, table(rows, [26, 32, 11, 11, 5, 19, 25, 10]), empty="Nobody.", footer=" ".join(notes))


def user_detail(person: dict[str, Any], workspace: dict[str, Any], group_names: list[str],
                ref: str) -> Message:
    """``user show``: one workspace user."""
    currency = workspace.get("default_currency")
    heading = f"*{esc(person_name(person))}* — ref {ref}"
    pairs = [("Role", esc(person.get("role") or "user")), ("Status", person_status(person)),
             ("Billable rate", money(person.get("rate"), currency)),
             ("Labor cost", money(person.get("labor_cost"), currency)),
             ("Working hours", hours(person.get("working_hours_in_minutes"))),
             ("Groups", ", ".join(esc(name) for name in group_names) or "—"),
             ("Member", "through a group only" if person.get("is_direct") is False else "directly"),
             ("Workspace user id", f"id:{person['id']}"), ("Toggl user id", esc(person.get("uid", "—")))]
    return ephemeral(heading, section(heading), fields_section(pairs))
