"""Project alerts: who is told when a project reaches a share of its estimate.

Toggl's reference lists the fields (``project_id``, ``thresholds`` — integers,
``receiver_roles``, ``receiver_users`` — global user ids, ``source_kind``,
``threshold_type``) and the 400 messages, but not the values ``source_kind``
and ``threshold_type`` take. The bot sends the ones below for an alert on one
project's estimate; they are kept here, in one place, so that a correction is
one line. A 400 "source kind out of range" or "threshold type out of range"
from Toggl means they are wrong.
"""
from __future__ import annotations

from typing import Any

from toggl.api import Request, TogglAPI, items_of

PROJECT_SOURCE = "project"  # the alert watches one project
PERCENT_OF_ESTIMATE = "percentage"  # thresholds are percentages of the project's estimate


def list_alerts(api: TogglAPI, workspace_id: int) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/alerts``: every alert, with the project's name and the receivers' names."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/alerts"))


def create_alert(workspace_id: int, project_id: int, thresholds: list[int], roles: list[str],
                 user_ids: list[int]) -> Request:
    """``POST /workspaces/{wid}/alerts`` for one project's estimate; answers with the alert."""
    body: dict[str, Any] = {"project_id": project_id, "source_kind": PROJECT_SOURCE,
                            "threshold_type": PERCENT_OF_ESTIMATE, "thresholds": list(thresholds)}
    if roles:
        body["receiver_roles"] = list(roles)
    if user_ids:
        body["receiver_users"] = list(user_ids)
    return Request("POST", f"/workspaces/{workspace_id}/alerts", body)


def delete_alert(workspace_id: int, alert_id: int) -> Request:
    """``DELETE /workspaces/{wid}/alerts/{alert_id}``."""
    return Request("DELETE", f"/workspaces/{workspace_id}/alerts/{alert_id}")
