"""Groups of a workspace (names for ``user show``, ids for reminders)."""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI, items_of


def list_groups(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/groups``."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/groups"))
