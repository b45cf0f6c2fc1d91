"""``/me``: the profile of the token's own user (Toggl counts these in their own hourly bucket)."""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of


def get_me(api: TogglAPI) -> dict[str, Any]:
    """``GET /me``: the user behind the client's token (also checks the token)."""
    return api.request("GET", "/me")


def update_me(fields: dict[str, Any]) -> Request:
    """``PUT /me`` with documented fields only; answers with the updated profile."""
    return Request("PUT", "/me", dict(fields))


def get_quota(api: TogglAPI) -> list[dict[str, Any]]:
    """``GET /me/quota``: ``[{organization_id (None for the /me bucket), remaining, resets_in_secs, total}]``
    for every organization of the token's user."""
    return items_of(api.request("GET", "/me/quota"))
