"""Groups of a workspace (names for ``user show``, ids for reminders)."""
from __future__ import annotations

from typing import Any

from bot.toggl.client import TogglClient, items_of


def list_groups(client: TogglClient, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/groups``."""
    return items_of(client.request("GET", f"/workspaces/{workspace_id}/groups"))
