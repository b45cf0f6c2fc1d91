"""Track reminders: list, create, update, delete.

``user_ids`` are GLOBAL user ids of members of the workspace; a
workspace-user id (or any id that is not a member) gets 403, like the id of
a group not assigned to the workspace.
"""

from __future__ import annotations

from .common import (
    INT,
    INT_LIST,
    NO_ACCESS,
    NUM,
    Reply,
    bad_request,
    forbidden,
    given,
    not_found,
    now_iso,
)
from .context import Ctx, Route
from .serialize import reminder_json

REMINDER_SCHEMA = {"frequency": INT, "group_ids": INT_LIST, "threshold": NUM, "user_ids": INT_LIST}
REMINDER_404 = "Reminder not found"


def list_reminders(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/track_reminders → array."""
    ctx.query()
    ctx.member(wid)
    items = [reminder_json(r) for r in sorted(ctx.state.reminders.values(),
                                              key=lambda r: r["reminder_id"])
             if r["workspace_id"] == wid]
    return Reply(200, items)


def post_reminder(ctx: Ctx, wid: int) -> Reply:
    """POST /workspaces/{wid}/track_reminders (admins)."""
    ctx.query()
    ctx.admin(wid)
    body = ctx.body(REMINDER_SCHEMA)
    for key in ("frequency", "threshold"):
        if not given(body, key):
            raise bad_request(f"Missing required field: {key}")
    fields = _validated(ctx, wid, body, body.get("user_ids") or [], body.get("group_ids") or [])
    rid = ctx.state.next_id("reminder")
    ctx.state.reminders[rid] = {"reminder_id": rid, "workspace_id": wid,
                                "created_at": now_iso(), **fields}
    return Reply(200, reminder_json(ctx.state.reminders[rid]))


def put_reminder(ctx: Ctx, wid: int, rid: int) -> Reply:
    """PUT /workspaces/{wid}/track_reminders/{rid}: given fields replace stored ones."""
    ctx.query()
    ctx.admin(wid)
    reminder = _reminder(ctx, wid, rid)
    body = ctx.body(REMINDER_SCHEMA)
    merged = {key: reminder[key] for key in ("frequency", "threshold")}
    merged.update({key: body[key] for key in ("frequency", "threshold") if given(body, key)})
    user_ids = body["user_ids"] if given(body, "user_ids") else reminder["user_ids"]
    group_ids = body["group_ids"] if given(body, "group_ids") else reminder["group_ids"]
    reminder.update(_validated(ctx, wid, merged, user_ids, group_ids))
    return Reply(200, reminder_json(reminder))


def delete_reminder(ctx: Ctx, wid: int, rid: int) -> Reply:
    """DELETE /workspaces/{wid}/track_reminders/{rid} → 200, empty body."""
    ctx.query()
    ctx.admin(wid)
    _reminder(ctx, wid, rid)
    del ctx.state.reminders[rid]
    return Reply(200)


def _reminder(ctx: Ctx, wid: int, rid: int) -> dict:
    reminder = ctx.state.reminders.get(rid)
    if reminder is None or reminder["workspace_id"] != wid:
        raise not_found(REMINDER_404)
    return reminder


def _validated(ctx: Ctx, wid: int, body: dict, user_ids: list[int],
               group_ids: list[int]) -> dict:
    if body["frequency"] not in (1, 7):
        raise bad_request("Invalid frequency: it should be 1 or 7")
    threshold = body["threshold"]
    if threshold <= 0 or threshold != int(threshold):
        raise bad_request("Invalid threshold: it should be a positive whole number of hours")
    if not user_ids and not group_ids:
        raise bad_request("At least one of user_ids or group_ids must be informed")
    for uid in user_ids:
        wu = ctx.state.workspace_user_of(wid, uid)
        if wu is None:
            raise forbidden(NO_ACCESS)
    for gid in group_ids:
        group = ctx.state.groups.get(gid)
        if group is None or wid not in group["workspace_ids"]:
            raise forbidden(NO_ACCESS)
    return {"frequency": body["frequency"], "threshold": int(threshold),
            "user_ids": sorted(set(user_ids)), "group_ids": sorted(set(group_ids))}


ROUTES = [
    Route("/workspaces/<int:wid>/track_reminders", "GET", list_reminders),
    Route("/workspaces/<int:wid>/track_reminders", "POST", post_reminder),
    Route("/workspaces/<int:wid>/track_reminders/<int:rid>", "PUT", put_reminder),
    Route("/workspaces/<int:wid>/track_reminders/<int:rid>", "DELETE", delete_reminder),
]
