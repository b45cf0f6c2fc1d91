"""Clients of a workspace."""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of


def list_clients(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/clients?status=both``: active and archived."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/clients", params={"status": "both"}))


def update_client(workspace_id: int, client_id: int, name: str, notes: str) -> Request:
    """``PUT /workspaces/{wid}/clients/{id}``: Toggl treats it as the whole client, so both fields go."""
    return Request("PUT", f"/workspaces/{workspace_id}/clients/{client_id}", {"name": name, "notes": notes})


def archive_client(workspace_id: int, client_id: int) -> Request:
    """``POST …/clients/{id}/archive`` (paid plans); answers with the ids of the projects archived with it."""
    return Request("POST", f"/workspaces/{workspace_id}/clients/{client_id}/archive")


def restore_client(workspace_id: int, client_id: int, project_ids: list[int] | None = None,
                   all_projects: bool = False) -> Request:
    """``POST …/clients/{id}/restore``: the client, and the given projects (or all of them);
    answers with the client."""
    body: dict[str, Any] | None = None
    if all_projects:
        body = {"restore_all_projects": True}
    elif project_ids:
        body = {"projects": list(project_ids)}
    return Request("POST", f"/workspaces/{workspace_id}/clients/{client_id}/restore", body)
