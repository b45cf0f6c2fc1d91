"""``/me`` endpoints: profile read/update and the hourly quota."""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

from .common import INT, STR, Reply, bad_request, given, now_iso
from .context import Ctx, Route
from .serialize import user_json

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
PLAN_HOURLY_QUOTA = {"free": 30, "starter": 240, "premium": 600, "enterprise": 1200}


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
    """GET /me/quota: one entry per organization the user belongs to.

    With a quota configured for the token, ``remaining``/``resets_in_secs``
    are the token's real numbers; otherwise the plan's hourly allowance.
    """
    ctx.query()
    peek = ctx.quota_peek()
    items = []
    for oid, plan in sorted(_organization_plans(ctx).items()):
        if peek is not None:
            remaining, resets_in = peek
        else:
            remaining, resets_in = PLAN_HOURLY_QUOTA[plan], 3600
        items.append({"organization_id": oid, "remaining": remaining,
                      "resets_in_secs": resets_in})
    return Reply(200, items)


def _organization_plans(ctx: Ctx) -> dict[int, str]:
    order = ("free", "starter", "premium", "enterprise")
    plans: dict[int, str] = {}
    for wu in ctx.state.workspace_users.values():
        if wu["uid"] != ctx.user["id"]:
            continue
        ws = ctx.state.workspaces[wu["wid"]]
        oid = ws["organization_id"]
        best = plans.get(oid, "free")
        plans[oid] = max(best, ws["plan"], key=order.index)
    return plans


ROUTES = [
    Route("/me", "GET", get_me),
    Route("/me", "PUT", put_me),
    Route("/me/quota", "GET", get_quota),
]
