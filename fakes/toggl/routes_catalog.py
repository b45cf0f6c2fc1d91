"""Clients, projects, tasks and the deprecated workspace groups listing.

Documented by Toggl and served as such: archive/restore answer 404 "No client
with ID {cid} was found" and 403 "Forbidden" (a member who is not an admin);
restore with a project id that is not the client's → 400 "Bad Request".
Projects: ``active`` defaults to ``true`` (Toggl does not document the
default); ``per_page`` defaults to 151, at most 200; ``page`` from 1; each
item carries ``total_count`` (the number of projects found before paging).
"""

from __future__ import annotations

from typing import Optional

from werkzeug.datastructures import MultiDict

from .common import (
    BOOL,
    INT,
    INT_LIST,
    STR,
    Reply,
    bad_request,
    given,
    not_found,
    now_iso,
    payment_required,
    query_int_list,
)
from .context import FORBIDDEN, Ctx, Route
from .serialize import client_json, group_json, project_json, task_json

CLIENT_404 = "Client doesn't exist in the workspace."
CLIENT_NAME_MAX = 100
ARCHIVE_402 = "Must be a premium user to archive clients"
PROJECTS_PER_PAGE = 151
PROJECTS_MAX_PER_PAGE = 200
PROJECT_QUERY = (
    "active", "since", "billable", "user_ids", "client_ids", "group_ids", "statuses",
    "name", "page", "sort_field", "sort_order", "only_templates", "only_me", "per_page",
    "sort_pinned", "project_ids",
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
    ctx.admin(wid, FORBIDDEN)
    client = _client(ctx, wid, cid, f"No client with ID {cid} was found")
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
    """POST …/clients/{cid}/restore → the client; body optional: ``projects`` (ids
    to re-activate) and/or ``restore_all_projects`` (every archived project of it)."""
    ctx.query()
    ctx.admin(wid, FORBIDDEN)
    client = _client(ctx, wid, cid, f"No client with ID {cid} was found")
    body = ctx.body({"projects": INT_LIST, "restore_all_projects": BOOL})
    own = {p["id"]: p for p in _client_projects(ctx, cid)}
    wanted = body.get("projects") or []
    if any(pid not in own for pid in wanted):
        raise bad_request("Bad Request")
    if body.get("restore_all_projects"):
        wanted = [pid for pid, project in own.items() if not project["active"]]
    for pid in wanted:
        own[pid]["active"] = True
        own[pid]["at"] = now_iso()
    client["archived"] = False
    client["at"] = now_iso()
    return Reply(200, client_json(client))


def _client(ctx: Ctx, wid: int, cid: int, message: str = CLIENT_404) -> dict:
    client = ctx.state.clients.get(cid)
    if client is None or client["wid"] != wid:
        raise not_found(message)
    return client


def _client_projects(ctx: Ctx, cid: int) -> list[dict]:
    return sorted((p for p in ctx.state.projects.values() if p["client_id"] == cid),
                  key=lambda p: p["id"])


# ----------------------------------------------------------------- projects
def list_projects(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/projects?name=&active=&client_ids=&project_ids=&page=&per_page=
    (the other documented parameters are accepted and ignored) → a plain array."""
    args = ctx.query(*PROJECT_QUERY)
    ctx.member(wid)
    active = _active_filter(args)
    client_ids = query_int_list(args, "client_ids")
    project_ids = query_int_list(args, "project_ids")
    name = args.get("name", "").lower()
    per_page, page = _positive(args, "per_page", PROJECTS_PER_PAGE), _positive(args, "page", 1)
    if per_page > PROJECTS_MAX_PER_PAGE:
        raise bad_request(f"per_page must be at most {PROJECTS_MAX_PER_PAGE}")
    found = [p for p in sorted(ctx.state.projects.values(), key=lambda p: p["id"])
             if p["workspace_id"] == wid and name in p["name"].lower()
             and (active is None or p["active"] == active)
             and (client_ids is None or p["client_id"] in client_ids)
             and (project_ids is None or p["id"] in project_ids)]
    return Reply(200, [{**project_json(p), "total_count": len(found)}
                       for p in found[(page - 1) * per_page:page * per_page]])


def _positive(args: MultiDict, key: str, default: int) -> int:
    raw = args.get(key)
    if raw is None:
        return default
    if not raw.isdecimal() or int(raw) < 1:
        raise bad_request(f"Invalid {key}")
    return int(raw)


def _active_filter(args: MultiDict) -> Optional[bool]:
    value = args.get("active", "true").lower()
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


# ------------------------------------------------------------ groups, tasks
def list_groups(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/groups (deprecated by Toggl): the groups assigned to ``wid``."""
    ctx.query()
    ctx.member(wid)
    return Reply(200, [group_json(g, wid) for g in ctx.state.groups_of(wid)])


def get_task(ctx: Ctx, wid: int, tid: int, pid: Optional[int] = None) -> Reply:
    """GET /workspaces/{wid}/tasks/{tid} or …/projects/{pid}/tasks/{tid}."""
    ctx.query()
    ctx.member(wid)
    task = ctx.state.tasks.get(tid)
    if task is None or task["workspace_id"] != wid or (pid is not None and task["project_id"] != pid):
        raise not_found("Task not found")
    return Reply(200, task_json(task))


ROUTES = [
    Route("/workspaces/<int:wid>/clients", "GET", list_clients),
    Route("/workspaces/<int:wid>/clients/<int:cid>", "PUT", put_client),
    Route("/workspaces/<int:wid>/clients/<int:cid>/archive", "POST", archive_client),
    Route("/workspaces/<int:wid>/clients/<int:cid>/restore", "POST", restore_client),
    Route("/workspaces/<int:wid>/projects", "GET", list_projects),
    Route("/workspaces/<int:wid>/projects/<int:pid>", "GET", get_project),
    Route("/workspaces/<int:wid>/groups", "GET", list_groups),
    Route("/workspaces/<int:wid>/tasks/<int:tid>", "GET", get_task),
    Route("/workspaces/<int:wid>/projects/<int:pid>/tasks/<int:tid>", "GET", get_task),
]
