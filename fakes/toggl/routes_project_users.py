"""Project users: ``GET /workspaces/{wid}/project_users`` and the per-project listing.

A project-user record is either a person (``user_id`` set, ``group_id``
null) or a group assigned to the project (``group_id`` set). The listing
shows the people only; ``with_group_members=true`` adds one record per member
of every group assigned to the project: ``user_id`` = the member's global
id, ``group_id``/``gid`` = the group, rate and labor cost = the group
record's. NOT DOCUMENTED by Toggl, chosen here: such a member record has an
id of its own (stable, from the project-user range; ``state.group_member_ids``)
and the raw group record is never listed; neither id is a project user for
``POST …/rates`` (400 "Project user not found", see ``routes_rates``).
"""

from __future__ import annotations

from typing import Optional

from .common import Reply, bad_request, not_found, query_bool, query_int_list
from .context import Ctx, Route
from .serialize import project_user_json
from .state import State

PROJECT_IDS_MAX = 200


def list_project_users(ctx: Ctx, wid: int) -> Reply:
    """GET /workspaces/{wid}/project_users?project_ids=&user_id=&with_group_members=."""
    args = ctx.query("project_ids", "user_id", "with_group_members")
    ctx.member(wid)
    project_ids = query_int_list(args, "project_ids")
    if project_ids is not None and len(project_ids) > PROJECT_IDS_MAX:
        raise bad_request(f"project_ids cannot exceed {PROJECT_IDS_MAX} elements.")
    user_ids = query_int_list(args, "user_id")
    with_groups = bool(query_bool(args, "with_group_members"))
    return Reply(200, project_users(ctx.state, wid, project_ids, user_ids, with_groups))


def list_one_project_users(ctx: Ctx, wid: int, pid: int) -> Reply:
    """GET /workspaces/{wid}/projects/{pid}/project_users (the people only)."""
    ctx.query()
    ctx.member(wid)
    project = ctx.state.projects.get(pid)
    if project is None or project["workspace_id"] != wid:
        raise not_found("Project not found")
    return Reply(200, project_users(ctx.state, wid, [pid], None, False))


def project_users(state: State, wid: int, project_ids: Optional[list[int]],
                  user_ids: Optional[list[int]], with_groups: bool) -> list[dict]:
    """The listing: people by record id, then group members by group record and user id."""
    records = [pu for pu in sorted(state.project_users.values(), key=lambda pu: pu["id"])
               if pu["workspace_id"] == wid
               and (project_ids is None or pu["project_id"] in project_ids)]
    items = [project_user_json(pu) for pu in records if pu["group_id"] is None]
    if with_groups:
        for pu in records:
            if pu["group_id"] is None or pu["group_id"] not in state.groups:
                continue
            for uid in sorted(state.groups[pu["group_id"]]["user_ids"]):
                items.append(project_user_json(pu, uid, group_member_id(state, pu["id"], uid)))
    return [item for item in items if user_ids is None or item["user_id"] in user_ids]


def group_member_id(state: State, puid: int, uid: int) -> int:
    """The id of member ``uid`` of the group of project-user record ``puid``."""
    key = (puid, uid)
    if key not in state.group_member_ids:
        state.group_member_ids[key] = state.next_id("project_user")
    return state.group_member_ids[key]


ROUTES = [
    Route("/workspaces/<int:wid>/project_users", "GET", list_project_users),
    Route("/workspaces/<int:wid>/projects/<int:pid>/project_users", "GET", list_one_project_users),
]
