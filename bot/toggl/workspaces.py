"""Workspaces: settings and statistics."""
from __future__ import annotations

from typing import Any

from bot.toggl.client import TogglClient


def get_workspace(client: TogglClient, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}``."""
    return client.request("GET", f"/workspaces/{workspace_id}")


def get_statistics(client: TogglClient, workspace_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}/statistics``: admins, member and group counts."""
    return client.request("GET", f"/workspaces/{workspace_id}/statistics")


def update_workspace(client: TogglClient, workspace_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """``PUT /workspaces/{wid}`` with the given settings."""
    return client.request("PUT", f"/workspaces/{workspace_id}", json=fields)
