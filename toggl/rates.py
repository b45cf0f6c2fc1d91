"""Rates: ``POST`` takes ``labor_rates``, ``GET`` calls the same thing ``labor_costs``."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from toggl.api import Request, TogglAPI, items_of

GET_TYPE = {"billable_rates": "billable_rates", "labor_rates": "labor_costs"}


def create_rate(workspace_id: int, body: dict[str, Any]) -> Request:
    """``POST /workspaces/{wid}/rates`` (201, no useful body): ``amount``, ``level``, ``level_id``,
    ``type`` (``billable_rates`` or ``labor_rates``) and ``mode`` or ``start``."""
    return Request("POST", f"/workspaces/{workspace_id}/rates", dict(body))


def list_rates(api: TogglAPI, workspace_id: int, level: str, level_id: int,
               rate_type: str) -> list[dict[str, Any]]:
    """``GET /workspaces/{wid}/rates/{level}/{level_id}?type=`` — current and past rates."""
    return items_of(api.request("GET", f"/workspaces/{workspace_id}/rates/{level}/{level_id}",
                                   params={"type": GET_TYPE[rate_type]}))


def moment(stamp: Any) -> datetime | None:
    """An RFC 3339 timestamp as an aware datetime (UTC when Toggl gives no zone), or None."""
    try:
        parsed = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def started(rate: dict[str, Any], now: datetime) -> bool:
    """Whether the rate has begun (a rate without a start always has)."""
    start = moment(rate.get("start")) if rate.get("start") else None
    return start is None or start <= now


def in_force(rate: dict[str, Any], now: datetime) -> bool:
    """Started, not ended and not deleted: the rate that applies at ``now``."""
    end = moment(rate.get("end")) if rate.get("end") else None
    return not rate.get("deleted_at") and started(rate, now) and (end is None or end > now)


def current_rate(rates: list[dict[str, Any]], now: datetime | None = None) -> dict[str, Any] | None:
    """The rate in force now among ``rates`` (the latest-starting one if several)."""
    now = now or datetime.now(timezone.utc)
    live = sorted((r for r in rates if in_force(r, now)), key=lambda r: r.get("start") or "")
    return live[-1] if live else None
