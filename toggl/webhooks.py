"""Toggl's Webhooks API v1 (base ``TOGGL_WEBHOOKS_API_URL``): subscriptions, event filters, limits.

Shapes from Toggl's webhooks reference (engineering.toggl.com/docs/webhooks_start
and the webhooks Swagger): a subscription is ``{subscription_id, workspace_id,
user_id, enabled, description, event_filters: [{entity, action}], url_callback,
secret, validated_at, has_pending_events, created_at, updated_at, …}``; a
create answers with it after Toggl has pinged ``url_callback``. The client is a
:class:`toggl.api.TogglAPI` on the webhooks base URL: same token, same pacing.
"""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of


def list_subscriptions(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /subscriptions/{wid}``."""
    return items_of(api.request("GET", f"/subscriptions/{workspace_id}"))


def create_subscription(workspace_id: int, url_callback: str, event_filters: list[dict[str, str]],
                        description: str) -> Request:
    """``POST /subscriptions/{wid}`` (enabled); the secret is added when it is sent, never kept in a plan."""
    return Request("POST", f"/subscriptions/{workspace_id}",
                   {"url_callback": url_callback, "event_filters": list(event_filters), "enabled": True,
                    "description": description})


def delete_subscription(workspace_id: int, subscription_id: int) -> Request:
    """``DELETE /subscriptions/{wid}/{subscription_id}``."""
    return Request("DELETE", f"/subscriptions/{workspace_id}/{subscription_id}")


def event_filters(api: TogglAPI) -> dict[str, list[str]]:
    """``GET /event_filters``: every entity Toggl can notify about, with its actions."""
    found = api.request("GET", "/event_filters")
    return found if isinstance(found, dict) else {}


def limits(api: TogglAPI, workspace_id: int) -> dict[str, Any]:
    """``GET /limits/{wid}``: ``{max_webhooks, max_events_per_webhook}`` for the workspace's plan."""
    found = api.request("GET", f"/limits/{workspace_id}")
    return found if isinstance(found, dict) else {}
