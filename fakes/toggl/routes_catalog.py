"""Clients, projects, project users, groups, tasks and alerts."""

from __future__ import annotations

from typing import Optional

from werkzeug.datastructures import MultiDict

from .common import (
    BOOL,
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
    not_found,
    now_iso,
    payment_required,
    query_int_list,
)
from .context import Ctx, Route
from .serialize import client_json, group_json, project_json, project_user_json, task_json
from .state import ROLES

CLIENT_404 = "Client doesn't exist in the workspace."
CLIENT_NAME_MAX = 100
ARCHIVE_402 = "Must be a premium user to archive clients"
PROJECTS_PER_PAGE = 151
PROJECTS_MAX_PER_PAGE = 200
PROJECT_QUERY = (
    "active", "since", "billable", "user_ids", "client_ids", "group_ids", "statuses",
    "name", "page", "sort_field", "sort_order", "only_templates", "only_me", "per_page",
    "sort_pinned", "search",
)


# ------------------------------------------------------------------ clients
def list_clients(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/clients?status=active|archived|both&name= (default both)."""
    args = ctx.query("status", "name")
    ctx.member(wid)
    status = args.get("status", "both")
    if status not in ("active", "archived", "both"):
        raise bad_request("Invalid status")
    name = args.get("name", "").lower()
    items = [client_json(c) for c in sorted(ctx.state.clients.values(), key=lambda c: c["id"])
             if c["wid"] == wid and name in c["name"].lower()
             and (status == "both" or c["archived"] == (status == "archived"))]
    return Reply(200, items)


def put_client(ctx: Ctx, wid: int, cid: int) -> Reply:
    """PUT /workspaces/{wid}/clients/{cid} (name, notes, wid)."""
    ctx.query()
    ctx.admin(wid)
    client = _client(ctx, wid, cid)
    body = ctx.body({"name": STR, "notes": STR, "wid": INT})
    if given(body, "wid") and body["wid"] != wid:
        raise bad_request("Client cannot be moved to another workspace")
    if given(body, "name"):
        name = body["name"].strip()
        if not name:
            raise bad_request("Client name cannot be empty")
        if len(name) > CLIENT_NAME_MAX:
            raise bad_request(f"Client name maximum length is {CLIENT_NAME_MAX}")
        if any(c["wid"] == wid and c["id"] != cid and c["name"].lower() == name.lower()
               for c in ctx.state.clients.values()):
            raise bad_request("Client with this name already exists")
        client["name"] = name
    if given(body, "notes"):
        client["notes"] = body["notes"]
    client["at"] = now_iso()
    return Reply(200, client_json(client))


def archive_client(ctx: Ctx, wid: int, cid: int) -> Reply:
    """POST …/clients/{cid}/archive → list of the project ids archived with it."""
    ctx.query()
    ctx.admin(wid)
    client = _client(ctx, wid, cid)
    ctx.body({})
    if not ctx.state.is_paid(wid):
        raise payment_required(ARCHIVE_402)
    archived = []
    for project in _client_projects(ctx, cid):
        if project["active"]:
            project["active"] = False
            project["at"] = now_iso()
            archived.append(project["id"])
    client["archived"] = True
    client["at"] = now_iso()
    return Reply(200, archived)


def restore_client(ctx: Ctx, wid: int, cid: int) -> Reply:
    """POST …/clients/{cid}/restore, body optional: projects, restore_all_projects."""
    ctx.query()
    ctx.admin(wid)
    client = _client(ctx, wid, cid)
    body = ctx.body({"projects": INT_LIST, "restore_all_projects": BOOL})
    own = {p["id"]: p for p in _client_projects(ctx, cid)}
    wanted = body.get("projects") or []
    if any(pid not in own for pid in wanted):
        raise bad_request("Invalid project IDs")
    if body.get("restore_all_projects"):
        wanted = list(own)
    for pid in wanted:
        own[pid]["active"] = True
        own[pid]["at"] = now_iso()
    client["archived"] = False
    client["at"] = now_iso()
    return Reply(200, client_json(client))


def _client(ctx: Ctx, wid: int, cid: int) -> dict:
    client = ctx.state.clients.get(cid)
    if client is None or client["wid"] != wid:
        raise not_found(CLIENT_404)
    return client


def _client_projects(ctx: Ctx, cid: int) -> list[dict]:
    return sorted((p for p in ctx.state.projects.values() if p["client_id"] == cid),
                  key=lambda p: p["id"])


# ----------------------------------------------------------------- projects
def list_projects(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/projects?name=&active=&client_ids=&page=&per_page= (others accepted).

    Pages like Toggl: ``per_page`` defaults to 151 and may be at most 200; ``page`` starts at 1.
    """
    args = ctx.query(*PROJECT_QUERY)
    ctx.member(wid)
    active = _active_filter(args)
    client_ids = query_int_list(args, "client_ids")
    name = args.get("name", "").lower()
    per_page, page = _positive(args, "per_page", PROJECTS_PER_PAGE), _positive(args, "page", 1)
    if per_page > PROJECTS_MAX_PER_PAGE:
        raise bad_request(f"per_page must be at most {PROJECTS_MAX_PER_PAGE}")
    items = [project_json(p) for p in sorted(ctx.state.projects.values(), key=lambda p: p["id"])
             if p["workspace_id"] == wid and name in p["name"].lower()
             and (active is None or p["active"] == active)
             and (client_ids is None or p["client_id"] in client_ids)]
    return Reply(200, items[(page - 1) * per_page:page * per_page])


def _positive(args: MultiDict, key: str, default: int) -> int:
    raw = args.get(key)
    if raw is None:
        return default
    if not raw.isdecimal() or int(raw) < 1:
        raise bad_request(f"Invalid {key}")
    return int(raw)


def _active_filter(args: MultiDict) -> Optional[bool]:
    value = args.get("active", "both").lower()
    if value not in ("true", "false", "both"):
        raise bad_request("Invalid active")
    return None if value == "both" else value == "true"


def get_project(ctx: Ctx, wid: int, pid: int) -> Reply:
    """GET /workspaces/{wid}/projects/{pid}."""
    ctx.query()
    ctx.member(wid)
    return Reply(200, project_json(_project(ctx, wid, pid)))


def _project(ctx: Ctx, wid: int, pid: int) -> dict:
    project = ctx.state.projects.get(pid)
    if project is None or project["workspace_id"] != wid:
        raise not_found("Project not found")
    return project


def list_project_users(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/project_users?project_ids=&user_id=."""
    args = ctx.query("project_ids", "user_id", "with_group_members")
    ctx.member(wid)
    project_ids = query_int_list(args, "project_ids")
    user_ids = query_int_list(args, "user_id")
    return Reply(200, _project_users(ctx, wid, project_ids, user_ids))


def list_one_project_users(ctx: Ctx, wid: int, pid: int) -> Reply:
    """GET /workspaces/{wid}/projects/{pid}/project_users."""
    ctx.query()
    ctx.member(wid)
    _project(ctx, wid, pid)
    return Reply(200, _project_users(ctx, wid, [pid], None))


def _project_users(ctx: Ctx, wid: int, project_ids: Optional[list[int]],
                   user_ids: Optional[list[int]]) -> list[dict]:
    return [project_user_json(pu)
            for pu in sorted(ctx.state.project_users.values(), key=lambda pu: pu["id"])
            if pu["workspace_id"] == wid
            and (project_ids is None or pu["project_id"] in project_ids)
            and (user_ids is None or pu["user_id"] in user_ids)]


# ------------------------------------------------------------ groups, tasks
def list_groups(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/groups."""
    ctx.query()
    ctx.member(wid)
    return Reply(200, [group_json(g) for g in sorted(ctx.state.groups.values(),
                                                     key=lambda g: g["id"])
                       if g["workspace_id"] == wid])


def get_task(ctx: Ctx, wid: int, tid: int, pid: Optional[int] = None) -> Reply:
    """GET /workspaces/{wid}/tasks/{tid} or …/projects/{pid}/tasks/{tid}."""
    ctx.query()
    ctx.member(wid)
    task = ctx.state.tasks.get(tid)
    if task is None or task["workspace_id"] != wid or (pid is not None and task["project_id"] != pid):
        raise not_found("Task not found")
    return Reply(200, task_json(task))


# ------------------------------------------------------------------- alerts
ALERT_SCHEMA = {
    "project_id": INT, "receiver_roles": STR_LIST, "receiver_users": INT_LIST,
    "source_kind": STR, "threshold_type": STR, "thresholds": INT_LIST,
}


def post_alert(ctx: Ctx, wid: int) -> Reply:
    """POST /workspaces/{wid}/alerts (admins)."""
    ctx.query()
    ctx.admin(wid)
    body = ctx.body(ALERT_SCHEMA)
    _check_alert(ctx, wid, body)
    aid = ctx.state.next_id("alert")
    project = ctx.state.projects.get(body.get("project_id") or 0)
    alert = {
        "id": aid, "wid": wid, "project_id": body.get("project_id"),
        "receiver_roles": body.get("receiver_roles") or [],
        "receiver_users": body.get("receiver_users") or [],
        "source_kind": body["source_kind"], "threshold_type": body["threshold_type"],
        "thresholds": body["thresholds"], "created_at": now_iso(),
    }
    ctx.state.alerts[aid] = alert
    return Reply(200, {
        **alert, "project_name": project["name"] if project else None,
        "receiver_groups": [], "receivers": len(alert["receiver_users"]) + len(alert["receiver_roles"]),
        "threshold": alert["thresholds"][0], "errors": [],
    })


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


def delete_alert(ctx: Ctx, wid: int, aid: int) -> Reply:
    """DELETE /workspaces/{wid}/alerts/{aid} → 200, empty body."""
    ctx.query()
    ctx.admin(wid)
    alert = ctx.state.alerts.get(aid)
    if alert is None or alert["wid"] != wid:
        raise ApiError(403, "Alert not found or not accessible")
    del ctx.state.alerts[aid]
    return Reply(200)


ROUTES = [
    Route("/workspaces/<int:wid>/clients", "GET", list_clients),
    Route("/workspaces/<int:wid>/clients/<int:cid>", "PUT", put_client),
    Route("/workspaces/<int:wid>/clients/<int:cid>/archive", "POST", archive_client),
    Route("/workspaces/<int:wid>/clients/<int:cid>/restore", "POST", restore_client),
    Route("/workspaces/<int:wid>/projects", "GET", list_projects),
    Route("/workspaces/<int:wid>/projects/<int:pid>", "GET", get_project),
    Route("/workspaces/<int:wid>/project_users", "GET", list_project_users),
    Route("/workspaces/<int:wid>/projects/<int:pid>/project_users", "GET", list_one_project_users),
    Route("/workspaces/<int:wid>/groups", "GET", list_groups),
    Route("/workspaces/<int:wid>/tasks/<int:tid>", "GET", get_task),
    Route("/workspaces/<int:wid>/projects/<int:pid>/tasks/<int:tid>", "GET", get_task),
    Route("/workspaces/<int:wid>/alerts", "POST", post_alert),
    Route("/workspaces/<int:wid>/alerts/<int:aid>", "DELETE", delete_alert),
]
