"""Workspace endpoints: read, update, statistics and time entry constraints.

The checks of a workspace body (``check_body``) are shared with
``POST /organizations/{oid}/workspaces`` (``routes_organizations``).
"""

from __future__ import annotations

import re
from typing import Optional

from .common import (
    BOOL,
    INT,
    INT_LIST,
    NUM,
    PREMIUM_PLANS,
    RATE_MODES,
    STR,
    Reply,
    bad_request,
    given,
    now_iso,
    payment_required,
)
from .context import Ctx, Route
from .serialize import workspace_json

WORKSPACE_SCHEMA = {
    "admins": INT_LIST,
    "default_currency": STR,
    "default_hourly_rate": NUM,
    "initial_pricing_plan": INT,
    "limit_public_project_data": BOOL,
    "name": STR,
    "only_admins_may_create_projects": BOOL,
    "only_admins_may_create_tags": BOOL,
    "only_admins_see_team_dashboard": BOOL,
    "projects_billable_by_default": BOOL,
    "projects_enforce_billable": BOOL,
    "projects_private_by_default": BOOL,
    "rate_change_mode": STR,
    "reports_collapse": BOOL,
    "rounding": INT,
    "rounding_minutes": INT,
}
# Premium-only keys on a free workspace → 402, in the documented wording.
PREMIUM_KEYS = (
    ("default_hourly_rate", "Must be a premium user to use default_hourly_rate"),
    ("default_currency", "Must be a premium user to use default_currency"),
    ("rounding_minutes", "Must be a premium user to use rounding_minutes"),
    ("projects_billable_by_default", "Must be a premium user to use projects_billable_by_default"),
    ("rounding", "Must be a premium user to use rounding"),
)
TAGS_402 = "restricting tag management to administrators requires a premium subscription"
SIMPLE_KEYS = (
    "default_currency", "default_hourly_rate", "limit_public_project_data",
    "only_admins_may_create_projects", "only_admins_may_create_tags",
    "only_admins_see_team_dashboard", "projects_billable_by_default",
    "projects_enforce_billable", "projects_private_by_default",
    "rate_change_mode", "reports_collapse", "rounding", "rounding_minutes",
)


def get_workspace(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid} (any active member)."""
    ctx.query()
    ws, wu = ctx.member(wid)
    return Reply(200, workspace_json(ws, wu))


def my_workspaces(ctx: Ctx) -> Reply:
    """GET /me/workspaces: the caller's workspaces (where an active member), each as GET /workspaces/{wid}
    answers it plus ``active_project_count`` (Swagger: ``workspace.WithActiveProjectCount``); ``since`` is
    accepted and ignored (everything is always listed)."""
    ctx.query("since")
    found = []
    for ws in sorted(ctx.state.workspaces.values(), key=lambda ws: ws["id"]):
        wu = ctx.state.workspace_user_of(ws["id"], ctx.user["id"])
        if wu is not None and not wu["inactive"] and wu["active"]:
            projects = sum(1 for p in ctx.state.projects.values() if p["workspace_id"] == ws["id"] and p["active"])
            found.append({**workspace_json(ws, wu), "active_project_count": projects})
    return Reply(200, found)


def put_workspace(ctx: Ctx, wid: int) -> Reply:
    """PUT /workspaces/{wid} (admins; premium keys need a paid plan)."""
    ctx.query()
    ws, wu = ctx.admin(wid)
    body = ctx.body(WORKSPACE_SCHEMA)
    check_body(ctx, body, ws["organization_id"], ws["plan"], ws["id"])
    admins = _check_admins(ctx, wid, body)
    for key in SIMPLE_KEYS:
        if given(body, key):
            ws[key] = body[key]
    if given(body, "name"):
        ws["name"] = body["name"].strip()
    for member in admins:
        member["role"] = "admin"
        member["at"] = now_iso()
    ws["at"] = now_iso()
    if given(body, "default_hourly_rate"):
        ws["rate_last_updated"] = ws["at"]
    return Reply(200, workspace_json(ws, wu))


def check_body(ctx: Ctx, body: dict, oid: int, plan: str, wid: Optional[int]) -> None:
    """The 402s (a free ``plan``), then the 400s of a workspace body (the order
    is the fake's); ``wid`` is the workspace being changed (None: a new one)."""
    if plan not in PREMIUM_PLANS:
        _check_free_plan(body)
    _check_name(ctx, oid, wid, body)
    _check_settings(body)


def _check_free_plan(body: dict) -> None:
    for key, message in PREMIUM_KEYS:
        if given(body, key):
            raise payment_required(message)
    if body.get("only_admins_may_create_tags") is True:
        raise payment_required(TAGS_402)


def _check_name(ctx: Ctx, oid: int, wid: Optional[int], body: dict) -> None:
    if "name" not in body and wid is not None:
        return
    name = body.get("name")
    if name is None:
        raise bad_request("workspace name must not be nil")
    if not name.strip():
        raise bad_request("workspace name must contain non-space characters")
    if len(name) > 140:
        raise bad_request("workspace name must not be longer than 140")
    for other in ctx.state.workspaces.values():
        if (other["id"] != wid and other["organization_id"] == oid
                and other["name"].lower() == name.strip().lower()):
            raise bad_request("another workspace with same name exists in organization")


def _check_settings(body: dict) -> None:
    if given(body, "rate_change_mode") and body["rate_change_mode"] not in RATE_MODES:
        raise bad_request("Invalid rate_change_mode")
    if given(body, "rounding") and body["rounding"] not in (-1, 0, 1):
        raise bad_request("Invalid rounding")
    if given(body, "rounding_minutes") and body["rounding_minutes"] < 0:
        raise bad_request("Invalid rounding_minutes")
    if given(body, "default_currency") and not re.fullmatch(r"[A-Z]{3}", body["default_currency"]):
        raise bad_request("Invalid default_currency")
    if given(body, "default_hourly_rate") and body["default_hourly_rate"] < 0:
        raise bad_request("Invalid default_hourly_rate")


def _check_admins(ctx: Ctx, wid: int, body: dict) -> list[dict]:
    members = []
    for uid in body.get("admins") or []:
        if uid not in ctx.state.users:
            raise bad_request(f"User with id {uid} does not exist.")
        member = ctx.state.workspace_user_of(wid, uid)
        if member is None:
            raise bad_request(f"User {uid} not exists in the workspace.")
        members.append(member)
    return members


def get_statistics(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/statistics."""
    ctx.query()
    ctx.member(wid)
    state = ctx.state
    members = state.members(wid)
    admins = [{"name": state.users[m["uid"]]["fullname"], "user_id": m["uid"]}
              for m in members if m["role"] == "admin"]
    groups = state.groups_of(wid)
    return Reply(200, {"admins": admins, "groups_count": len(groups),
                       "members_count": len(members)})


def get_time_entry_constraints(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/time_entry_constraints → the five booleans (any member).

    An unknown workspace → 400 "Workspace not found" (documented); a
    workspace the caller is not an active member of → 403.
    """
    ctx.query()
    if wid not in ctx.state.workspaces:
        raise bad_request("Workspace not found")
    ws, _wu = ctx.member(wid)
    return Reply(200, dict(ws["te_constraints"]))


ROUTES = [
    Route("/me/workspaces", "GET", my_workspaces),
    Route("/workspaces/<int:wid>", "GET", get_workspace),
    Route("/workspaces/<int:wid>", "PUT", put_workspace),
    Route("/workspaces/<int:wid>/statistics", "GET", get_statistics),
    Route("/workspaces/<int:wid>/time_entry_constraints", "GET", get_time_entry_constraints),
]
