"""Workspace users: the ``id`` here is the workspace-user id, ``uid`` the global one."""
from __future__ import annotations

from typing import Any, Callable

from toggl.api import TogglAPI, items_of


def list_workspace_users(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/workspace_users``: everyone, active or not."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/workspace_users"))


def update_workspace_user(api: TogglAPI, workspace_id: int, workspace_user_id: int,
                          fields: dict[str, Any]) -> dict[str, Any]:
    """``PUT /workspaces/{wid}/workspace_users/{id}``."""
    return api.request("PUT", f"/workspaces/{workspace_id}/workspace_users/{workspace_user_id}",
                          json=fields)


def delete_workspace_user(api: TogglAPI, workspace_id: int, workspace_user_id: int,
                          read_back: Callable[[], Any] | None = None) -> None:
    """``DELETE /workspaces/{wid}/workspace_users/{id}``: remove one person."""
    api.request("DELETE", f"/workspaces/{workspace_id}/workspace_users/{workspace_user_id}",
                   read_back=read_back)


def delete_workspace_users(api: TogglAPI, organization_id: int, workspace_id: int,
                           workspace_user_ids: list[int],
                           read_back: Callable[[], Any] | None = None) -> None:
    """One ``PATCH …/workspace_users {"delete": [...]}``: remove several people at once."""
    api.request("PATCH",
                   f"/organizations/{organization_id}/workspaces/{workspace_id}/workspace_users",
                   json={"delete": workspace_user_ids}, read_back=read_back)
