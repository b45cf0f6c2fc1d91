"""``/me``: the profile of the token's own user."""
from __future__ import annotations

from typing import Any

from bot.toggl.client import TogglClient


def get_me(client: TogglClient) -> dict[str, Any]:
    """``GET /me``: the user behind the client's token (also checks the token)."""
    return client.request("GET", "/me")


def update_me(client: TogglClient, fields: dict[str, Any]) -> dict[str, Any]:
    """``PUT /me`` with documented fields only; returns the updated profile."""
    return client.request("PUT", "/me", json=fields)
