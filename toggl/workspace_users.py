"""Workspace users: the ``id`` here is the workspace-user id, ``uid`` the global one."""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of


def list_workspace_users(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/workspace_users?includeIndirect=true``: everyone, active or not, also the
    people who belong to the workspace only through a group (Toggl leaves them out unless asked)."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/workspace_users",
                                params={"includeIndirect": "true"}))


def update_workspace_user(workspace_id: int, workspace_user_id: int, fields: dict[str, Any]) -> Request:
    """``PUT /workspaces/{wid}/workspace_users/{id}`` with only the fields that change."""
    return Request("PUT", f"/workspaces/{workspace_id}/workspace_users/{workspace_user_id}", dict(fields))


def delete_workspace_user(workspace_id: int, workspace_user_id: int) -> Request:
    """``DELETE /workspaces/{wid}/workspace_users/{id}``: remove one person."""
    return Request("DELETE", f"/workspaces/{workspace_id}/workspace_users/{workspace_user_id}")


def delete_workspace_users(organization_id: int, workspace_id: int, workspace_user_ids: list[int]) -> Request:
    """One ``PATCH /organizations/{oid}/workspaces/{wid}/workspace_users {"delete": [...]}``: several people."""
    return Request("PATCH", f"/organizations/{organization_id}/workspaces/{workspace_id}/workspace_users",
                   {"delete": list(workspace_user_ids)})


MEMBERS_PAGE = 200


def list_organization_members(api: TogglAPI, organization_id: int, workspace_id: int, *,
                              custom_rates: bool = False) -> list[dict[str, Any]]:
    """``GET /organizations/{oid}/workspaces/{wid}/workspace_users``, page by page until a short page:
    everyone, direct or through a group; ``custom_rates``: only people with a rate of their own."""
    params: dict[str, Any] = {"per_page": MEMBERS_PAGE}
    if custom_rates:
        params["custom_rates"] = "true"
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        batch = items_of(api.request("GET", f"/organizations/{organization_id}/workspaces/{workspace_id}"
                                            "/workspace_users", params={**params, "page": page}))
        found.extend(batch)
        if len(batch) < MEMBERS_PAGE:
            return found
        page += 1
