"""``/me``: the profile of the token's own user."""
from __future__ import annotations

from typing import Any

from toggl.api import TogglAPI


def get_me(api: TogglAPI) -> dict[str, Any]:
    """``GET /me``: the user behind the client's token (also checks the token)."""
    return api.request("GET", "/me")


def update_me(api: TogglAPI, fields: dict[str, Any]) -> dict[str, Any]:
    """``PUT /me`` with documented fields only; returns the updated profile."""
    return api.request("PUT", "/me", json=fields)
