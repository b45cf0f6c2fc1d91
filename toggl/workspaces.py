"""Workspaces: settings and statistics."""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI


def get_workspace(api: TogglAPI, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}``."""
    return api.request("GET", f"/workspaces/{workspace_id}")


def get_statistics(api: TogglAPI, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}/statistics``: admins, member and group counts."""
    return api.request("GET", f"/workspaces/{workspace_id}/statistics")


def update_workspace(api: TogglAPI, workspace_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """``PUT /workspaces/{wid}`` with the given settings."""
    return api.request("PUT", f"/workspaces/{workspace_id}", json=fields)
