"""Groups of an organization, as assigned to a workspace (names for ``user show``, ids for reminders).

``GET /workspaces/{wid}/groups`` is marked deprecated in Toggl's Swagger; the
organization's list names each group's members and workspaces.
"""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI, items_of


def list_groups(api: TogglAPI, organization_id: int, workspace_id: int | None = None) -> list[dict[str, Any]]:
    """``GET /organizations/{oid}/groups[?workspace=wid]``, each as ``{id, name, user_ids, workspace_ids}``
    (Toggl calls the id ``group_id`` here and lists members as ``users: [{user_id, …}]``)."""
    params = {"workspace": str(workspace_id)} if workspace_id else None
    found = items_of(api.request("GET", f"/organizations/{organization_id}/groups", params=params))
    return [{"id": int(group["group_id"]), "name": group.get("name") or "",
             "user_ids": [int(user["user_id"]) for user in group.get("users") or [] if user.get("user_id")],
             "workspace_ids": [int(wid) for wid in group.get("workspaces") or []]}
            for group in found if group.get("group_id")]
