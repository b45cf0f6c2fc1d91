"""Track reminders: ``user_ids`` are global user ids, ``threshold`` is hours."""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of


def list_reminders(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/track_reminders``."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/track_reminders"))


def create_reminder(workspace_id: int, body: dict[str, Any]) -> Request:
    """``POST /workspaces/{wid}/track_reminders`` (``frequency``, ``threshold``, ``user_ids``/``group_ids``)."""
    return Request("POST", f"/workspaces/{workspace_id}/track_reminders", dict(body))


def update_reminder(workspace_id: int, reminder_id: int, body: dict[str, Any]) -> Request:
    """``PUT /workspaces/{wid}/track_reminders/{id}``."""
    return Request("PUT", f"/workspaces/{workspace_id}/track_reminders/{reminder_id}", dict(body))


def delete_reminder(workspace_id: int, reminder_id: int) -> Request:
    """``DELETE /workspaces/{wid}/track_reminders/{id}``."""
    return Request("DELETE", f"/workspaces/{workspace_id}/track_reminders/{reminder_id}")
