"""Projects and project users."""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI, items_of

PAGE_SIZE = 200  # Toggl's largest page; it answers 151 projects a page when not asked


def list_projects(api: TogglAPI, workspace_id: int, *, name: str | None = None, active: bool | str | None = None,
                  client_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/projects``, page by page (``per_page=200``) until a short page;
    ``active``: True, False or ``"both"`` (Toggl's own word for active and archived)."""
    params: dict[str, Any] = {"per_page": PAGE_SIZE}
    if name:
        params["name"] = name
    if active is not None:
        params["active"] = active if isinstance(active, str) else ("true" if active else "false")
    if client_ids:
        params["client_ids"] = ",".join(str(cid) for cid in client_ids)
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        batch = items_of(api.request("GET", f"/workspaces/{workspace_id}/projects", params={**params, "page": page}))
        found.extend(batch)
        if len(batch) < PAGE_SIZE:
            return found
        page += 1


def find_projects(api: TogglAPI, workspace_id: int, name: str) -> list[dict[str, Any]]:
    """Projects whose name contains ``name`` (``?name=``)."""
    return list_projects(api, workspace_id, name=name)


def get_project(api: TogglAPI, workspace_id: int, project_id: int) -> dict[str, Any]:
    """``GET /workspaces/{wid}/projects/{pid}``."""
    return api.request("GET", f"/workspaces/{workspace_id}/projects/{project_id}")


def list_project_users(api: TogglAPI, workspace_id: int, project_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/project_users?project_ids=…&with_group_members=true``: ``user_id`` is the
    global id; a member through a group comes with that group's ``group_id``."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/project_users",
                                params={"project_ids": str(project_id), "with_group_members": "true"}))
