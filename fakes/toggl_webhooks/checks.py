"""Request-body checks with the documented 400 messages (PDW POST/PUT lists).

JSON strictness is the v9 fake's: a key the schema does not list → 400
``"Unknown field: KEY"``; a wrong JSON type → 400 ``"JSON is not valid"``.
The read-only fields of ``models.WebhookSubscription`` are documented keys, so
they are accepted (type-checked) and ignored.
"""

from __future__ import annotations

import re
from typing import Any

from fakes.toggl.common import BOOL, INT, INVALID_JSON, STR, bad_request, decode_json, type_ok

from .state import ACTIONS, WILDCARD

FILTERS = "event_filters"
SUBSCRIPTION_SCHEMA = {
    "url_callback": STR, "enabled": BOOL, "description": STR, "secret": STR,
    "event_filters": FILTERS,
    # read-only (ignored when sent)
    "subscription_id": INT, "workspace_id": INT, "user_id": INT, "validated_at": STR,
    "has_pending_events": BOOL, "created_at": STR, "updated_at": STR, "deleted_at": STR,
}
STATE_SCHEMA = {"enabled": BOOL}
FILTER_SCHEMA = {"entity": STR, "action": STR}
_NAME = re.compile(r"[A-Za-z0-9_]+")

DESCRIPTION_EMPTY = "Subscription description must not be empty"
DESCRIPTION_TAKEN = "Subscription description '{description}' is already in use for workspace {workspace_id}"
FILTERS_EMPTY = "The list of event filters must not be empty"
FILTERS_OVER = ("The limit of {limit} event filters for your subscription has been exceeded "
                "as you're trying to set {count} filters")
FILTER_TWICE = "The following event filter appears more than once for your subscription: {label}"
ENTITY_EMPTY = "The entity field for each subscription event filter must be non-empty"
ENTITY_CHARS = ("The value '{entity}' for the filter entity can only contain letters, numbers "
                "and '_' or be '*' to match all entities")
ACTION_EMPTY = "The action field for each subscription event filter must be non-empty"
ACTION_CHARS = ("The value '{action}' for the filter action can only contain letters, numbers "
                "and '_' or be '*' to match all actions")
ACTION_INVALID = "Invalid value '{action}' for event filter action"
LIMIT_REACHED = ("User {user_id} already reached the limit of {limit} enabled subscriptions "
                 "for workspace {workspace_id}")


def _object(value: Any, schema: dict[str, str]) -> dict:
    if not isinstance(value, dict):
        raise bad_request(INVALID_JSON)
    for key in value:
        if key not in schema:
            raise bad_request(f"Unknown field: {key}")
    for key, item in value.items():
        if item is None:
            continue
        if schema[key] == FILTERS:
            if not isinstance(item, list):
                raise bad_request(INVALID_JSON)
            for one in item:
                _object(one, FILTER_SCHEMA)
        elif not type_ok(item, schema[key]):
            raise bad_request(INVALID_JSON)
    return value


def parse_body(raw: bytes, schema: dict[str, str]) -> dict:
    """Decode and check a JSON object body; empty body or ``null`` → ``{}``."""
    data = decode_json(raw)
    return {} if data is None else _object(data, schema)


def description_of(body: dict) -> str:
    """The description; empty or blank → 400."""
    description = body.get("description") or ""
    if not description.strip():
        raise bad_request(DESCRIPTION_EMPTY)
    return description


def filters_of(body: dict, limit: int) -> list[dict]:
    """The checked event filters, in the documented order of the 400 list.

    The duplicate message's placeholder is documented as ``{subscription_id}``
    for POST but ``{event_filter}`` for PUT; the fake always names the filter
    (``{entity action}``, Go's ``%v`` of the filter), as PUT documents.
    """
    filters = [{"entity": f.get("entity") or "", "action": f.get("action") or ""}
               for f in body.get("event_filters") or []]
    if not filters:
        raise bad_request(FILTERS_EMPTY)
    if len(filters) > limit:
        raise bad_request(FILTERS_OVER.format(limit=limit, count=len(filters)))
    seen: set[tuple[str, str]] = set()
    for f in filters:
        key = (f["entity"], f["action"])
        if key in seen:
            raise bad_request(FILTER_TWICE.format(label="{%s %s}" % key))
        seen.add(key)
    for f in filters:
        entity, action = f["entity"], f["action"]
        if not entity:
            raise bad_request(ENTITY_EMPTY)
        if entity != WILDCARD and not _NAME.fullmatch(entity):
            raise bad_request(ENTITY_CHARS.format(entity=entity))
        if not action:
            raise bad_request(ACTION_EMPTY)
        if action != WILDCARD and not _NAME.fullmatch(action):
            raise bad_request(ACTION_CHARS.format(action=action))
        if action != WILDCARD and action not in ACTIONS:
            raise bad_request(ACTION_INVALID.format(action=action))
    return filters


def limit_reached(user_id: int, limit: int, workspace_id: int) -> Exception:
    """The 400 for a creator who already has ``limit`` enabled subscriptions."""
    return bad_request(LIMIT_REACHED.format(user_id=user_id, limit=limit,
                                            workspace_id=workspace_id))


def description_taken(description: str, workspace_id: int) -> Exception:
    """The 400 for a description another subscription of the workspace uses."""
    return bad_request(DESCRIPTION_TAKEN.format(description=description,
                                                workspace_id=workspace_id))
