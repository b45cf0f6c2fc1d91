"""Project alerts: ``GET``/``POST /workspaces/{wid}/alerts``, ``DELETE …/alerts/{id}``.

Answers are ``models.AlertWithMeta`` (``serialize.alert_json``). Toggl does
not document who may use these, nor the allowed ``source_kind`` /
``threshold_type`` / ``receiver_roles`` values, nor a plan restriction. The
fake: workspace admins only (others 403), any non-empty ``source_kind`` and
``threshold_type``, roles as in workspace users, every plan. ``receiver_users``
are global user ids of workspace members (another id → 403).
"""

from __future__ import annotations

from .common import (
    INT,
    INT_LIST,
    NO_ACCESS,
    STR,
    STR_LIST,
    ApiError,
    Reply,
    bad_request,
    forbidden,
    given,
    now_iso,
)
from .context import Ctx, Route
from .serialize import alert_json
from .state import ROLES

ALERT_SCHEMA = {
    "project_id": INT, "receiver_roles": STR_LIST, "receiver_users": INT_LIST,
    "source_kind": STR, "threshold_type": STR, "thresholds": INT_LIST,
}
ALERT_ID_400 = "invalid 'alert_id' passed in URL"
ALERT_403 = "Alert not found or not accessible"


def list_alerts(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/alerts → array of AlertWithMeta, by id."""
    ctx.query()
    ctx.admin(wid)
    return Reply(200, [alert_json(ctx.state, a) for a in sorted(ctx.state.alerts.values(),
                                                                key=lambda a: a["id"])
                       if a["wid"] == wid])


def post_alert(ctx: Ctx, wid: int) -> Reply:
    """POST /workspaces/{wid}/alerts (admins) → 200 with the AlertWithMeta."""
    ctx.query()
    ctx.admin(wid)
    body = ctx.body(ALERT_SCHEMA)
    _check_alert(ctx, wid, body)
    aid = ctx.state.next_id("alert")
    ctx.state.alerts[aid] = {
        "id": aid, "wid": wid, "project_id": body.get("project_id"),
        "receiver_roles": body.get("receiver_roles") or [],
        "receiver_users": body.get("receiver_users") or [],
        "source_kind": body["source_kind"], "threshold_type": body["threshold_type"],
        "thresholds": body["thresholds"], "created_at": now_iso(),
    }
    return Reply(200, alert_json(ctx.state, ctx.state.alerts[aid]))


def _check_alert(ctx: Ctx, wid: int, body: dict) -> None:
    if not given(body, "source_kind"):
        raise bad_request("source kind can't be blank")
    if body["source_kind"] == "project" and not given(body, "project_id"):
        raise bad_request("project can't be blank")
    if given(body, "project_id") and ctx.state.projects.get(
            body["project_id"], {}).get("workspace_id") != wid:
        raise forbidden(NO_ACCESS)
    if not given(body, "threshold_type"):
        raise bad_request("threshold type can't be blank")
    if not body.get("thresholds"):
        raise bad_request("thresholds can't be blank")
    if any(t <= 0 for t in body["thresholds"]):
        raise bad_request("threshold out of range")
    if not body.get("receiver_roles") and not body.get("receiver_users"):
        raise bad_request("receivers can't be blank")
    if any(role not in ROLES for role in body.get("receiver_roles") or []):
        raise bad_request("receiver role out of range")
    if any(ctx.state.workspace_user_of(wid, uid) is None for uid in body.get("receiver_users") or []):
        raise forbidden(NO_ACCESS)


def delete_alert(ctx: Ctx, wid: int, aid: str) -> Reply:
    """DELETE /workspaces/{wid}/alerts/{aid} → 200, empty body.

    An ``aid`` that is not a positive integer → 400; an unknown one or one of
    another workspace → 403 (not 404), as documented.
    """
    ctx.query()
    ctx.admin(wid)
    if not aid.isdecimal() or not aid.isascii() or int(aid) == 0:
        raise bad_request(ALERT_ID_400)
    alert = ctx.state.alerts.get(int(aid))
    if alert is None or alert["wid"] != wid:
        raise ApiError(403, ALERT_403)
    del ctx.state.alerts[int(aid)]
    return Reply(200)


ROUTES = [
    Route("/workspaces/<int:wid>/alerts", "GET", list_alerts),
    Route("/workspaces/<int:wid>/alerts", "POST", post_alert),
    Route("/workspaces/<int:wid>/alerts/<aid>", "DELETE", delete_alert),
]
