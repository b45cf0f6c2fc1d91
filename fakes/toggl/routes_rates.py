"""Rates: ``POST /workspaces/{wid}/rates`` and the rate history listing.

A rate is stored as history (``state.rates``). Creating one closes or
deletes the earlier ones of the same level/id/type according to ``mode`` or
``start``, and when the new rate is already in force it is applied to the
entity: workspace → ``default_hourly_rate``; workspace_user → ``rate`` or
``labor_cost``; project → ``rate``; project_user → ``rate``/``labor_cost``;
task → ``rate``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from .common import (
    INT,
    NUM,
    RATE_MODES,
    STR,
    ApiError,
    Reply,
    bad_request,
    forbidden,
    given,
    iso,
    parse_moment,
    payment_required,
    today_start,
)
from .context import Ctx, Route
from .serialize import rate_json
from .state import State

RATE_SCHEMA = {"amount": NUM, "level": STR, "level_id": INT, "mode": STR, "start": STR, "type": STR}
LEVELS = ("workspace", "workspace_user", "project", "project_user", "task")
TYPES = ("billable_rates", "labor_rates")
RATE_403 = "User cannot access billable rate(s)."
RATE_402 = "Billable rates are available for Starter and higher plans."
LIST_LEVEL_400 = "Invalid level: it should be workspace, workspace_user, project or project_user"
# Toggl does not document rates of a group's project-user record or of a member
# shown through ``with_group_members``; the fake refuses both (its own wording).
GROUP_PROJECT_USER_400 = "Project user not found"


def post_rate(ctx: Ctx, wid: int) -> Reply:
    """POST /workspaces/{wid}/rates → 201 with an empty body."""
    ctx.query()
    ws, wu = ctx.admin(wid, RATE_403)
    body = ctx.body(RATE_SCHEMA)
    if not any(value is not None for value in body.values()):
        raise bad_request("Request payload must be informed")
    if not ctx.state.is_paid(wid):
        raise payment_required(RATE_402)
    for key in ("amount", "level", "level_id", "type"):
        if not given(body, key):
            raise bad_request(f"Missing required field: {key}")
    if body["amount"] <= 0:
        raise bad_request("Invalid amount: it must be greater than 0")
    if body["level"] not in LEVELS:
        raise bad_request("Invalid level: it should be workspace, workspace_user, "
                          "project, project_user or task")
    if body["type"] not in TYPES:
        raise bad_request("Invalid type: it should be billable_rates or labor_rates")
    _check_post_entity(ctx.state, wid, body["level"], body["level_id"])
    mode, start = _mode_or_start(body)
    record_rate(ctx.state, wid, body["level"], body["level_id"], body["type"],
                body["amount"], mode=mode, start=start, creator_id=ctx.user["id"])
    return Reply(201)


def _check_post_entity(state: State, wid: int, level: str, level_id: int) -> None:
    try:
        check_entity(state, wid, level, level_id)
    except ApiError as error:
        if level == "workspace_user":
            raise forbidden(RATE_403) from None
        raise error


def _mode_or_start(body: dict) -> tuple[Optional[str], Optional[datetime]]:
    has_mode, has_start = given(body, "mode"), given(body, "start")
    if has_mode and has_start:
        raise bad_request("Only one of mode or start must be informed")
    if not has_mode and not has_start:
        raise bad_request("Either mode or start must be informed")
    if has_mode:
        if body["mode"] not in RATE_MODES:
            raise bad_request("Invalid mode: it should be override-all, "
                              "override-current or start-today")
        return body["mode"], None
    start = parse_moment(body["start"])
    if start is None:
        raise bad_request("Invalid start: it must be a valid date time")
    return None, start


def check_entity(state: State, wid: int, level: str, level_id: int) -> None:
    """400 (documented wording) unless ``level_id`` is a ``level`` of ``wid``."""
    if level == "workspace":
        if level_id != wid:
            raise bad_request("Invalid workspace ID")
    elif level == "workspace_user":
        wu = state.workspace_users.get(level_id)
        if wu is None or wu["wid"] != wid:
            raise bad_request("User not found in workspace")
    elif level == "project":
        if state.projects.get(level_id, {}).get("workspace_id") != wid:
            raise bad_request("Invalid entity ID")
    elif level == "project_user":
        record = state.project_users.get(level_id)
        if (record is not None and record["group_id"] is not None) or \
                level_id in state.group_member_ids.values():
            raise bad_request(GROUP_PROJECT_USER_400)
        if record is None or record["workspace_id"] != wid:
            raise bad_request("Invalid entity ID")
    elif level == "task":
        if state.tasks.get(level_id, {}).get("workspace_id") != wid:
            raise bad_request("Task not found in workspace")


def get_rates(ctx: Ctx, wid: int, level: str, level_id: int) -> Reply:
    """GET /workspaces/{wid}/rates/{level}/{level_id}?type=billable_rates|labor_costs."""
    args = ctx.query("type")
    ctx.admin(wid, RATE_403)
    if not ctx.state.is_paid(wid):
        raise payment_required(RATE_402)
    kind = args.get("type", "billable_rates")
    if kind not in ("billable_rates", "labor_costs"):
        raise bad_request("Invalid type: it should be billable_rates or labor_costs")
    if level not in LEVELS:
        raise bad_request(LIST_LEVEL_400)
    check_entity(ctx.state, wid, level, level_id)
    stored_type = "labor_rates" if kind == "labor_costs" else "billable_rates"
    items = [rate_json(r) for r in _history(ctx.state, wid, level, level_id, stored_type,
                                            include_deleted=True)]
    return Reply(200, {"items": items})


def _history(state: State, wid: int, level: str, level_id: int, rate_type: str,
             include_deleted: bool = False) -> list[dict]:
    rates = [r for r in state.rates.values()
             if (r["workspace_id"], r["level"], r["level_id"], r["type"])
             == (wid, level, level_id, rate_type)
             and (include_deleted or r["deleted_at"] is None)]
    return sorted(rates, key=lambda r: (r["start"], r["id"]))


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def record_rate(state: State, wid: int, level: str, level_id: int, rate_type: str,
                amount: float, *, mode: Optional[str] = None,
                start: Optional[datetime] = None, creator_id: Optional[int] = None) -> dict:
    """Store a new rate in the history and apply it if it is in force now."""
    now = datetime.now(timezone.utc)
    stamp = iso(now)
    live = _history(state, wid, level, level_id, rate_type)
    created = _dt(state.workspaces[wid]["created_at"])
    if mode == "override-all":
        begin = created
        for rate in live:
            rate["deleted_at"] = rate["updated_at"] = stamp
    elif mode == "override-current":
        current = [r for r in live if _dt(r["start"]) <= now and r["end"] is None]
        begin = _dt(current[-1]["start"]) if current else created
        for rate in current:
            rate["deleted_at"] = rate["updated_at"] = stamp
    else:
        begin = today_start() if mode == "start-today" else (start or now)
        _close_before(live, begin, stamp)
    rate_id = state.next_id("rate")
    state.rates[rate_id] = {
        "id": rate_id, "workspace_id": wid, "level": level, "level_id": level_id,
        "type": rate_type, "amount": amount, "start": iso(begin), "end": None,
        "deleted_at": None, "rate_change_mode": mode, "creator_id": creator_id,
        "created_at": stamp, "updated_at": stamp,
    }
    if begin <= now:
        _apply(state, level, level_id, rate_type, amount, stamp)
    return dict(state.rates[rate_id])


def _close_before(live: list[dict], begin: datetime, stamp: str) -> None:
    for rate in live:
        if _dt(rate["start"]) >= begin:
            rate["deleted_at"] = rate["updated_at"] = stamp
        elif rate["end"] is None or _dt(rate["end"]) > begin:
            rate["end"] = iso(begin)
            rate["updated_at"] = stamp


def _apply(state: State, level: str, level_id: int, rate_type: str, amount: float,
           stamp: str) -> None:
    billable = rate_type == "billable_rates"
    if level == "workspace" and billable:
        ws = state.workspaces[level_id]
        ws["default_hourly_rate"] = amount
        ws["rate_last_updated"] = ws["at"] = stamp
    elif level == "workspace_user":
        wu = state.workspace_users[level_id]
        field = "rate" if billable else "labor_cost"
        wu[field] = amount
        wu[f"{field}_last_updated"] = wu["at"] = stamp
    elif level == "project" and billable:
        state.projects[level_id]["rate"] = amount
    elif level == "project_user":
        field = "rate" if billable else "labor_cost"
        record = state.project_users[level_id]
        record[field] = amount
        record[f"{field}_last_updated"] = record["at"] = stamp
    elif level == "task" and billable:
        state.tasks[level_id]["rate"] = amount


ROUTES = [
    Route("/workspaces/<int:wid>/rates", "POST", post_rate),
    Route("/workspaces/<int:wid>/rates/<level>/<int:level_id>", "GET", get_rates),
]
