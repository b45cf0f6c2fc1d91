"""``/me`` endpoints: profile read/update and the hourly quota."""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache
from typing import Optional

from .common import INT, STR, Reply, bad_request, given, now_iso
from .context import Ctx, Route
from .limits import ME
from .serialize import user_json
from .state import ME_HOURLY_QUOTA, PLAN_HOURLY_QUOTA

ME_SCHEMA = {
    "beginning_of_week": INT,
    "country_id": INT,
    "current_password": STR,
    "default_workspace_id": INT,
    "email": STR,
    "fullname": STR,
    "password": STR,
    "timezone": STR,
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def get_me(ctx: Ctx) -> Reply:
    """GET /me."""
    ctx.query("with_related_data")
    return Reply(200, user_json(ctx.user))


def put_me(ctx: Ctx) -> Reply:
    """PUT /me: validate every given field, then apply them all."""
    ctx.query()
    body = ctx.body(ME_SCHEMA)
    _check_profile(ctx, body)
    _check_password(ctx, body)
    user = ctx.user
    for key in ("fullname", "email", "timezone", "beginning_of_week",
                "country_id", "default_workspace_id"):
        if given(body, key):
            user[key] = body[key].strip() if key == "fullname" else body[key]
    if given(body, "password"):
        user["password"] = body["password"]
    user["updated_at"] = user["at"] = now_iso()
    return Reply(200, user_json(user))


def _check_profile(ctx: Ctx, body: dict) -> None:
    if "fullname" in body and (body["fullname"] is None or not body["fullname"].strip()
                               or len(body["fullname"]) > 255):
        raise bad_request("Invalid fullname")
    if given(body, "email"):
        email = body["email"]
        if not EMAIL_RE.match(email) or len(email) > 255:
            raise bad_request("Invalid email")
        taken = any(u["email"].lower() == email.lower() and u["id"] != ctx.user["id"]
                    for u in ctx.state.users.values())
        if taken:
            raise bad_request("user with this email already exists")
    if given(body, "timezone") and body["timezone"] not in _timezones():
        raise bad_request("Invalid timezone")
    if given(body, "beginning_of_week") and not 0 <= body["beginning_of_week"] <= 6:
        raise bad_request("Invalid beginning_of_week")
    if given(body, "country_id") and body["country_id"] < 1:
        raise bad_request("Invalid country_id")
    if given(body, "default_workspace_id"):
        wid = body["default_workspace_id"]
        wu = ctx.state.workspace_user_of(wid, ctx.user["id"])
        if wu is None or wu["inactive"]:
            raise bad_request("Invalid default_workspace_id")


def _check_password(ctx: Ctx, body: dict) -> None:
    if not given(body, "password"):
        return
    if not given(body, "current_password"):
        raise bad_request("Current password must be present to change password")
    if len(body["password"]) < 6:
        raise bad_request("Password should be at least 6 characters")
    if body["current_password"] != ctx.user["password"]:
        raise bad_request("Current password is not valid")


def get_quota(ctx: Ctx) -> Reply:
    """GET /me/quota: one entry per organization of the user, then the me bucket.

    ``total`` is the enforced limit (``quota_per_hour`` / ``set_quota``) or
    else the plan's hourly allowance (an organization's plan is the best
    plan among its workspaces; the me bucket has 30); ``remaining`` is
    ``total`` minus the requests of the sliding hour (negative when not
    enforced and exceeded); ``resets_in_secs`` is the time until the oldest
    counted request leaves the hour (3600 when none). This request itself
    is counted in the me bucket.
    """
    ctx.query()
    items = []
    for oid in ctx.state.organization_ids_of(ctx.user["id"]):
        plan_total = PLAN_HOURLY_QUOTA[ctx.state.organization_plan(oid)]
        items.append(_entry(oid, *ctx.quota_status(("organization", oid), plan_total)))
    items.append(_entry(None, *ctx.quota_status(ME, ME_HOURLY_QUOTA)))
    return Reply(200, items)


def _entry(oid: Optional[int], remaining: int, resets_in: int, total: int) -> dict:
    return {"organization_id": oid, "remaining": remaining, "resets_in_secs": resets_in,
            "total": total}


ROUTES = [
    Route("/me", "GET", get_me),
    Route("/me", "PUT", put_me),
    Route("/me/quota", "GET", get_quota),
]
