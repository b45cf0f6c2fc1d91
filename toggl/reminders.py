"""Track reminders: ``user_ids`` are global user ids, ``threshold`` is hours."""
from __future__ import annotations

from typing import Any, Callable

from toggl.api import TogglAPI, items_of


def list_reminders(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/track_reminders``."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/track_reminders"))


def create_reminder(api: TogglAPI, workspace_id: int, body: dict[str, Any],
                    read_back: Callable[[], Any] | None = None) -> dict[str, Any]:
    """``POST /workspaces/{wid}/track_reminders``."""
    return api.request("POST", f"/workspaces/{workspace_id}/track_reminders", json=body,
                          read_back=read_back)


def update_reminder(api: TogglAPI, workspace_id: int, reminder_id: int,
                    body: dict[str, Any]) -> dict[str, Any]:
    """``PUT /workspaces/{wid}/track_reminders/{id}``."""
    return api.request("PUT", f"/workspaces/{workspace_id}/track_reminders/{reminder_id}", json=body)


def delete_reminder(api: TogglAPI, workspace_id: int, reminder_id: int) -> None:
    """``DELETE /workspaces/{wid}/track_reminders/{id}``."""
    api.request("DELETE", f"/workspaces/{workspace_id}/track_reminders/{reminder_id}")
