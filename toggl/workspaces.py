"""Workspaces: settings and statistics."""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of


def get_workspace(api: TogglAPI, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}``."""
    return api.request("GET", f"/workspaces/{workspace_id}")


def list_my_workspaces(api: TogglAPI) -> list[dict[str, Any]]:
    """``GET /me/workspaces``: every workspace of the token's user, each as ``GET /workspaces/{wid}``
    answers it (plus ``active_project_count``). It counts in the user's own ``/me`` bucket, not in
    an organization's."""
    return items_of(api.request("GET", "/me/workspaces"))


def get_statistics(api: TogglAPI, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}/statistics``: admins, member and group counts."""
    return api.request("GET", f"/workspaces/{workspace_id}/statistics")


def update_workspace(workspace_id: int, fields: dict[str, Any]) -> Request:
    """``PUT /workspaces/{wid}`` with the settings that change."""
    return Request("PUT", f"/workspaces/{workspace_id}", dict(fields))


def get_time_entry_constraints(api: TogglAPI, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}/time_entry_constraints``: ``description_present``, ``project_present``,
    ``tag_present``, ``task_present`` and ``time_entry_constraints_enabled``."""
    return api.request("GET", f"/workspaces/{workspace_id}/time_entry_constraints")


def create_workspace(organization_id: int, fields: dict[str, Any]) -> Request:
    """``POST /organizations/{oid}/workspaces`` with documented fields (``name``, ``default_currency``,
    ``default_hourly_rate``, …); answers with the new workspace."""
    return Request("POST", f"/organizations/{organization_id}/workspaces", dict(fields))
