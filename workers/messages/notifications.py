"""A Toggl webhook event as one readable line: who did what to which object, in which workspace.

Event fields (engineering.toggl.com/docs/webhooks_start): ``metadata`` names
the ``model`` (entity), the ``action`` and the ``event_user_id``, mostly as
strings; ``payload`` is the object as the v9 API shows it. Anything unknown
still reads as a line, never an error.
"""
from __future__ import annotations

from typing import Any

from bot.messages.text import esc

ENTITY_WORDS = {"workspace_user": "workspace member", "project_user": "project member", "time_entry": "time entry",
                "project_group": "project group", "client": "client", "project": "project", "tag": "tag",
                "task": "task", "workspace": "workspace"}
ACTION_WORDS = {"created": "created", "updated": "changed", "deleted": "deleted"}
MAX_NAME = 120


def event_line(event: dict[str, Any], people: dict[int, str], workspace_name: str) -> str:
    """``🔔 Acme HQ: Ann Admin changed workspace member Cat Coder (id 5003) in Toggl``."""
    metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
    payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
    model = str(metadata.get("model") or event.get("entity") or "item")
    action = str(metadata.get("action") or "changed")
    who_id = _int(metadata.get("event_user_id") or event.get("creator_id"))
    who = people.get(who_id) or (f"Toggl user {who_id}" if who_id else "someone")
    what = ENTITY_WORDS.get(model, model.replace("_", " "))
    name = _name(model, payload, people)
    ident = payload.get("id") or metadata.get(f"{model}_id")
    target = " ".join(part for part in (esc(what), f"“{esc(name)}”" if name else "",
                                        f"(id {esc(ident)})" if ident else "") if part)
    return (f"🔔 {esc(_cut(workspace_name))}: {esc(_cut(who))} {esc(ACTION_WORDS.get(action, action))} "
            f"{target} in Toggl")


def _name(model: str, payload: dict[str, Any], people: dict[int, str]) -> str:
    if model == "workspace_user":
        person = payload.get("name") or payload.get("fullname") or people.get(_int(payload.get("uid")
                                                                                   or payload.get("user_id")))
        return _cut(person or payload.get("email") or "")
    if model == "project_user":
        return _cut(people.get(_int(payload.get("user_id"))) or "")
    return _cut(payload.get("name") or payload.get("description") or "")


def _cut(text: Any) -> str:
    text = str(text or "")
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
