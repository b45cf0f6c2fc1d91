"""Results of jobs: profiles, people, lists (reads are ephemeral, changes ``in_channel``)."""
from __future__ import annotations

import time
from typing import Any

from bot.messages.blocks import (MAX_BLOCKS, Message, context, ephemeral, fields_section,
                                 in_channel, pack_lines, section)
from bot.values import DAY_NAMES


def money(amount: Any, currency: str | None) -> str:
    """``85.00 EUR``, or ``—`` when there is no amount."""
    if amount is None or amount == "":
        return "—"
    return f"{float(amount):,.2f} {currency or ''}".strip()


def hours(minutes: Any) -> str:
    """Working hours from minutes: ``7.5 h``."""
    if not minutes:
        return "—"
    return f"{int(minutes) / 60:g} h"


def person_status(person: dict[str, Any]) -> str:
    """active, invited (not joined yet) or deactivated."""
    if person.get("inactive"):
        return "deactivated"
    if person.get("active") is False:
        return "invited"
    return "active"


def connected(me: dict[str, Any], ref: str) -> Message:
    """``connect`` succeeded (kept private: it is about a credential)."""
    return ephemeral(f"✅ Connected to Toggl as {me.get('fullname') or '?'} ({me.get('email')}). "
                     f"Your token is stored encrypted; `/toggl disconnect` forgets it. — ref {ref}")


def profile(me: dict[str, Any], ref: str, title: str = "Your Toggl profile") -> Message:
    """``me``: the caller's profile."""
    text = f"*{title}* — ref {ref}"
    return ephemeral(text, section(text), fields_section(_profile_fields(me)))


def profile_updated(me: dict[str, Any], changed: dict[str, Any], ref: str) -> Message:
    """``profile set`` succeeded."""
    names = ", ".join(changed)
    text = f"✅ Updated the Toggl profile of {me.get('fullname') or me.get('email')}: {names} — ref {ref}"
    return in_channel(text, section(text), fields_section(
        [pair for pair in _profile_fields(me) if pair[0].lower().replace(" ", "_") in _labels(changed)]
        or _profile_fields(me)))


def users_list(people: list[dict[str, Any]], workspace: dict[str, Any], ref: str, *,
               search: str = "", inactive: bool = False) -> Message:
    """``users``: aligned name, email, role and status."""
    what = "Deactivated users" if inactive else "Users"
    title = f"*{what} of {workspace.get('name', 'the workspace')}*"
    if search:
        title += f" matching “{search}”"
    title += f" — {len(people)} — ref {ref}"
    if not people:
        return ephemeral(f"{title}\nNobody.", section(f"{title}\nNobody."))
    width_name = min(28, max(len(p.get("name") or "") for p in people))
    width_mail = min(34, max(len(p.get("email") or "") for p in people))
    lines = [f"{(p.get('name') or '')[:width_name]:<{width_name}}  "
             f"{(p.get('email') or '')[:width_mail]:<{width_mail}}  "
             f"{(p.get('role') or 'user'):<11} {person_status(p):<11} id:{p['id']}"
             for p in sorted(people, key=lambda p: (p.get("name") or "").lower())]
    blocks, left_out = pack_lines(lines, MAX_BLOCKS - 2, monospace=True)
    footer = "`/toggl user show <who>` for one person."
    if left_out:
        footer = f"{left_out} more not shown; narrow it with a search word. " + footer
    return ephemeral(f"{title}\n" + "\n".join(lines[:20]), section(title), *blocks, context(footer))


def user_detail(person: dict[str, Any], workspace: dict[str, Any], group_names: list[str],
                ref: str) -> Message:
    """``user show``: one workspace user."""
    currency = workspace.get("default_currency")
    title = f"*{person.get('name') or person.get('email')}* ({person.get('email')}) — ref {ref}"
    pairs = [("Role", person.get("role") or "user"), ("Status", person_status(person)),
             ("Billable rate", money(person.get("rate"), currency)),
             ("Labor cost", money(person.get("labor_cost"), currency)),
             ("Working hours", hours(person.get("working_hours_in_minutes"))),
             ("Groups", ", ".join(group_names) or "—"),
             ("Workspace user id", f"id:{person['id']}"), ("Toggl user id", str(person.get("uid", "—")))]
    return ephemeral(title, section(title), fields_section(pairs))


def deferred(ref: str, summary: str, resets_in: int) -> Message:
    """Interim: the quota is used up; the job will run later (no ✅/❌)."""
    at = time.strftime("%H:%M UTC", time.gmtime(time.time() + resets_in))
    minutes = max(1, round(resets_in / 60))
    return ephemeral(f"⏸ Toggl's hourly request quota is used up. “{summary}” will run at {at} "
                     f"(in about {minutes} min) — ref {ref}")


def _profile_fields(me: dict[str, Any]) -> list[tuple[str, str]]:
    week = me.get("beginning_of_week")
    return [("Name", me.get("fullname") or "—"), ("Email", me.get("email") or "—"),
            ("Timezone", me.get("timezone") or "—"),
            ("Beginning of week", DAY_NAMES[week].title() if isinstance(week, int) and 0 <= week <= 6
             else "—"),
            ("Country id", str(me.get("country_id") or "—")),
            ("Default workspace id", str(me.get("default_workspace_id") or "—"))]


def _labels(changed: dict[str, Any]) -> set[str]:
    return {"name" if key == "fullname" else key for key in changed}
