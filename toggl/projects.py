"""Projects and project users (look-ups for project and project-user rates)."""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI, items_of


def find_projects(api: TogglAPI, workspace_id: int, name: str) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/projects?name=…``: projects whose name contains ``name``."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/projects",
                                   params={"name": name}))


def get_project(api: TogglAPI, workspace_id: int, project_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}/projects/{pid}``."""
    return api.request("GET", f"/workspaces/{workspace_id}/projects/{project_id}")


def list_project_users(api: TogglAPI, workspace_id: int, project_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/project_users?project_ids=…``: ``user_id`` is the global id."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/project_users",
                                   params={"project_ids": str(project_id)}))
