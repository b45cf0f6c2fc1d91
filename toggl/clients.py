"""Clients of a workspace."""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI, items_of


def list_clients(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/clients?status=both``: active and archived."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/clients",
                                   params={"status": "both"}))


def update_client(api: TogglAPI, workspace_id: int, client_id: int,
                  fields: dict[str, Any]) -> dict[str, Any]:
    """``PUT /workspaces/{wid}/clients/{id}`` with ``name`` and/or ``notes``."""
    return api.request("PUT", f"/workspaces/{workspace_id}/clients/{client_id}", json=fields)


def archive_client(api: TogglAPI, workspace_id: int, client_id: int) -> list[int]:
    """``POST …/clients/{id}/archive``; returns the ids of projects archived with it."""
    return api.request("POST", f"/workspaces/{workspace_id}/clients/{client_id}/archive") or []


def restore_client(api: TogglAPI, workspace_id: int, client_id: int) -> dict[str, Any]:
    """``POST …/clients/{id}/restore`` (the client only; its projects stay as they are)."""
    return api.request("POST", f"/workspaces/{workspace_id}/clients/{client_id}/restore")
