"""Rates: ``POST`` takes ``labor_rates``, ``GET`` calls the same thing ``labor_costs``."""
from __future__ import annotations

from typing import Any, Callable

from toggl.api import TogglAPI, items_of

GET_TYPE = {"billable_rates": "billable_rates", "labor_rates": "labor_costs"}


def create_rate(api: TogglAPI, workspace_id: int, body: dict[str, Any],
                read_back: Callable[[], Any] | None = None) -> None:
    """``POST /workspaces/{wid}/rates`` (201, no useful body)."""
    api.request("POST", f"/workspaces/{workspace_id}/rates", json=body, read_back=read_back)


def list_rates(api: TogglAPI, workspace_id: int, level: str, level_id: int,
               rate_type: str) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/rates/{level}/{level_id}?type=`` — current and past rates."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/rates/{level}/{level_id}",
                                   params={"type": GET_TYPE[rate_type]}))
