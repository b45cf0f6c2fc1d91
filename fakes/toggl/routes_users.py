"""Workspace users: listings, update and delete (the bulk PATCH: ``routes_organizations``)."""

from __future__ import annotations

from .common import (
    BOOL,
    INT,
    NUM,
    RATE_MODES,
    STR,
    STR_LIST,
    Reply,
    bad_request,
    forbidden,
    given,
    now_iso,
    payment_required,
    query_bool,
)
from .context import Ctx, Route
from .routes_rates import record_rate
from .serialize import workspace_user_json, ws_user_json
from .state import ROLE_IDS, ROLES

WU_SCHEMA = {
    "admin": BOOL,
    "inactive": BOOL,
    "labor_cost": NUM,
    "labor_cost_change_mode": STR,
    "postedFields": STR_LIST,
    "rate": NUM,
    "rate_change_mode": STR,
    "role": STR,
    "role_id": INT,
    "view_edit_billable_rates": BOOL,
    "view_edit_labor_costs": BOOL,
    "working_hours_in_minutes": INT,
}
NULLABLE = ("rate", "labor_cost", "working_hours_in_minutes")
WU_NOT_FOUND = "Workspace user not found/accessible by user"
WU_DELETE_NOT_FOUND = "Workspace user is not found or accessible"


def list_workspace_users(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/workspace_users?includeIndirect= → array (admins only: has rates).

    Without ``includeIndirect`` or with ``false``: the direct members only;
    ``true``: also the members through a group (``is_direct: false``).
    """
    args = ctx.query("includeIndirect")
    indirect = query_bool(args, "includeIndirect")
    ctx.admin(wid)
    state = ctx.state
    return Reply(200, [workspace_user_json(state, wu) for wu in state.members(wid)
                       if indirect or wu["direct"]])


def list_users(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/users → array whose ``id`` is the GLOBAL user id."""
    args = ctx.query("exclude_deleted")
    query_bool(args, "exclude_deleted")
    ctx.member(wid)
    return Reply(200, [ws_user_json(ctx.state, wu) for wu in ctx.state.members(wid)])


def put_workspace_user(ctx: Ctx, wid: int, wuid: int) -> Reply:
    """PUT /workspaces/{wid}/workspace_users/{wuid} (admins; wuid = workspace-user id)."""
    ctx.query()
    ctx.admin(wid)
    wu = ctx.state.workspace_users.get(wuid)
    if wu is None or wu["wid"] != wid:
        raise forbidden(WU_NOT_FOUND)
    body = ctx.body(WU_SCHEMA)
    nulled = _nulled_fields(body)
    _check_role_fields(body)
    if not ctx.state.is_paid(wid):
        _check_free_plan(body, nulled)
    _check_values(body)
    _apply_role(wu, body)
    for key in ("inactive", "view_edit_billable_rates", "view_edit_labor_costs",
                "working_hours_in_minutes"):
        if given(body, key):
            wu[key] = body[key]
    _apply_money(ctx, wu, body, nulled)
    wu["at"] = now_iso()
    return Reply(200, workspace_user_json(ctx.state, wu))


def _nulled_fields(body: dict) -> set[str]:
    nulled = set()
    for name in body.get("postedFields") or []:
        if name not in WU_SCHEMA or name == "postedFields":
            raise bad_request(f"Unknown field in postedFields: {name}")
        if name in NULLABLE and body.get(name) is None:
            nulled.add(name)
    return nulled


def _check_role_fields(body: dict) -> None:
    if (given(body, "admin") or given(body, "role")) and given(body, "role_id"):
        raise bad_request("Cannot use both admin flags and role_id.")
    if given(body, "role") and body["role"] not in ROLES:
        raise bad_request("Invalid role")
    if given(body, "role_id") and body["role_id"] not in ROLE_IDS:
        raise bad_request("Invalid role_id.")
    if given(body, "admin") and given(body, "role") and body["admin"] != (body["role"] == "admin"):
        raise bad_request("admin and role disagree")


def _check_free_plan(body: dict, nulled: set[str]) -> None:
    for key in NULLABLE:
        if given(body, key) or key in nulled:
            raise payment_required(f"Must be a premium user to use {key}")


def _check_values(body: dict) -> None:
    if given(body, "working_hours_in_minutes") and body["working_hours_in_minutes"] <= 0:
        raise bad_request("Working hours must be positive or null")
    for key in ("rate", "labor_cost"):
        if given(body, key) and body[key] < 0:
            raise bad_request(f"Invalid {key}")
    for key in ("rate_change_mode", "labor_cost_change_mode"):
        if given(body, key) and body[key] not in RATE_MODES:
            raise bad_request(f"Invalid {key}")


def _apply_role(wu: dict, body: dict) -> None:
    if given(body, "role"):
        wu["role"] = body["role"]
    elif given(body, "role_id"):
        wu["role"] = ROLE_IDS[body["role_id"]]
    elif given(body, "admin"):
        if body["admin"]:
            wu["role"] = "admin"
        elif wu["role"] == "admin":
            wu["role"] = "user"


def _apply_money(ctx: Ctx, wu: dict, body: dict, nulled: set[str]) -> None:
    stamp = now_iso()
    if "working_hours_in_minutes" in nulled:
        wu["working_hours_in_minutes"] = None
    for key, rate_type, mode_key in (("rate", "billable_rates", "rate_change_mode"),
                                     ("labor_cost", "labor_rates", "labor_cost_change_mode")):
        if given(body, key):
            record_rate(ctx.state, wu["wid"], "workspace_user", wu["id"], rate_type,
                        body[key], mode=body.get(mode_key) or "start-today",
                        creator_id=ctx.user["id"])
        elif key in nulled:
            wu[key] = None
            wu[f"{key}_last_updated"] = stamp


def delete_workspace_user(ctx: Ctx, wid: int, wuid: int) -> Reply:
    """DELETE /workspaces/{wid}/workspace_users/{wuid} → 200, empty body."""
    ctx.query()
    ctx.admin(wid)
    wu = ctx.state.workspace_users.get(wuid)
    if wu is None or wu["wid"] != wid:
        raise forbidden(WU_DELETE_NOT_FOUND)
    ctx.state.remove_workspace_user(wuid)
    return Reply(200)


ROUTES = [
    Route("/workspaces/<int:wid>/workspace_users", "GET", list_workspace_users),
    Route("/workspaces/<int:wid>/users", "GET", list_users),
    Route("/workspaces/<int:wid>/workspace_users/<int:wuid>", "PUT", put_workspace_user),
    Route("/workspaces/<int:wid>/workspace_users/<int:wuid>", "DELETE", delete_workspace_user),
]
