"""Organization endpoints: create a workspace, list groups, workspace users of a workspace.

Toggl has organization admins; the fake has none of its own: an *admin of
an organization* is an active admin of at least one of its workspaces, a
*member* is an active member of at least one of them.

``POST /organizations/{oid}/workspaces`` (body ``workspace.Payload``):
unknown organization or not a member → 404 "Organization not found/accessible";
a member but not an admin → 403 "Forbidden"; the new workspace gets the
organization's plan (the best plan among its workspaces), so the documented
402s apply to a free organization; ``admins`` must be members of the
organization ("User {id} not exists in the workspace." otherwise) and become
admins of the new workspace, like the caller. Not modelled: "Multiple
workspaces are not enabled in this organization.", "Organization … can have
a maximum of … workspaces".

``GET /organizations/{oid}/groups``: members of the organization only (403
"User does not have access to this resource." otherwise, unknown organization
included); ``workspace`` that is not a number → 400 "Invalid number {value}"
(Toggl documents "Invalid number ..."; the rest of its wording is unknown).

``GET /organizations/{oid}/workspaces/{wid}/workspace_users``: direct and
indirect members. Not documented, chosen: ``per_page`` has no default (no
paging unless given) and no maximum; ``active=true`` = accepted the
invitation and not deactivated, ``false`` = the others; ``custom_rates=true``
= has an own rate or labor cost; ``name`` matches the full name, ``search``
the full name or email (substrings, any case).
"""

from __future__ import annotations

from .common import (
    INT_LIST,
    NO_ACCESS,
    Reply,
    bad_request,
    forbidden,
    given,
    not_found,
    query_bool,
    query_int,
)
from .context import FORBIDDEN, Ctx, Route
from .routes_rates import record_rate
from .routes_workspaces import SIMPLE_KEYS, WORKSPACE_SCHEMA, check_body
from .serialize import organization_group_json, workspace_json, workspace_user_json

ORG_404 = "Organization not found/accessible"
MAX_WORKSPACES_PER_USER = 100


# --------------------------------------------------------------- workspaces
def post_workspace(ctx: Ctx, oid: int) -> Reply:
    """POST /organizations/{oid}/workspaces → 200 with the new Workspace."""
    ctx.query()
    state = ctx.state
    memberships = ctx.organization_memberships(oid) if oid in state.organizations else []
    if not memberships:
        raise not_found(ORG_404)
    if not any(wu["role"] == "admin" for wu in memberships):
        raise forbidden(FORBIDDEN)
    body = ctx.body(WORKSPACE_SCHEMA)
    plan = state.organization_plan(oid)
    check_body(ctx, body, oid, plan, None)
    admins = _check_new_admins(ctx, oid, body.get("admins") or [])
    if sum(wu["uid"] == ctx.user["id"] for wu in state.workspace_users.values()) >= \
            MAX_WORKSPACES_PER_USER:
        raise bad_request(f"user can have a maximum of {MAX_WORKSPACES_PER_USER} workspaces")
    ws = state.workspaces[state.add_workspace(oid, body["name"].strip(), plan)["id"]]
    for key in SIMPLE_KEYS:
        if given(body, key):
            ws[key] = body[key]
    if given(body, "default_hourly_rate"):
        record_rate(state, ws["id"], "workspace", ws["id"], "billable_rates",
                    body["default_hourly_rate"], mode="override-all", creator_id=ctx.user["id"])
    creator = state.add_workspace_user(ws["id"], ctx.user["id"], role="admin")
    for uid in admins:
        if uid != ctx.user["id"]:
            state.add_workspace_user(ws["id"], uid, role="admin")
    return Reply(200, workspace_json(ws, state.workspace_users[creator["id"]]))


def _check_new_admins(ctx: Ctx, oid: int, admins: list[int]) -> list[int]:
    for uid in admins:
        if uid not in ctx.state.users:
            raise bad_request(f"User with id {uid} does not exist.")
        if not ctx.state.organization_members(oid, uid):
            raise bad_request(f"User {uid} not exists in the workspace.")
    return list(dict.fromkeys(admins))


# ------------------------------------------------------------------- groups
def list_groups(ctx: Ctx, oid: int) -> Reply:
    """GET /organizations/{oid}/groups?workspace=&name= → array sorted by name."""
    args = ctx.query("workspace", "name")
    if oid not in ctx.state.organizations or not ctx.organization_memberships(oid):
        raise forbidden(NO_ACCESS)
    workspace = args.get("workspace")
    if workspace is not None and not (workspace.isdecimal() and workspace.isascii()):
        raise bad_request(f"Invalid number {workspace}")
    name = args.get("name", "").lower()
    groups = [g for g in ctx.state.groups.values() if g["organization_id"] == oid
              and name in g["name"].lower()
              and (workspace is None or int(workspace) in g["workspace_ids"])]
    groups.sort(key=lambda g: (g["name"].lower(), g["id"]))
    return Reply(200, [organization_group_json(ctx.state, g) for g in groups])


# ---------------------------------------------------------- workspace users
def list_workspace_users(ctx: Ctx, oid: int, wid: int) -> Reply:
    """GET /organizations/{oid}/workspaces/{wid}/workspace_users → a plain array."""
    args = ctx.query("page", "per_page", "custom_rates", "active", "name", "search")
    ctx.organization_admins_view(oid, wid)
    state = ctx.state
    active = query_bool(args, "active")
    custom_rates = query_bool(args, "custom_rates")
    page, per_page = query_int(args, "page") or 1, query_int(args, "per_page")
    name, search = args.get("name", "").lower(), args.get("search", "").lower()
    items = []
    for wu in state.members(wid):
        user = state.users[wu["uid"]]
        if active is not None and (wu["active"] and not wu["inactive"]) != active:
            continue
        own = wu["rate"] is not None or wu["labor_cost"] is not None
        if custom_rates is not None and own != custom_rates:
            continue
        if name not in user["fullname"].lower():
            continue
        if search and search not in user["fullname"].lower() and search not in user["email"].lower():
            continue
        items.append(workspace_user_json(state, wu, org_variant=True))
    if per_page is not None:
        items = items[(page - 1) * per_page: page * per_page]
    elif page > 1:
        items = []
    return Reply(200, items)


def patch_workspace_users(ctx: Ctx, oid: int, wid: int) -> Reply:
    """PATCH /organizations/{oid}/workspaces/{wid}/workspace_users {"delete": [...]}.

    All-or-nothing: one wrong id → 400 and nothing is deleted.
    """
    ctx.query()
    ctx.organization_admin(oid, wid)
    body = ctx.body({"delete": INT_LIST})
    ids = body.get("delete") or []
    if not ids:
        raise bad_request("At least one workspace user ID must be supplied.")
    if len(set(ids)) != len(ids):
        raise bad_request("Workspace user IDs must be unique")
    for wuid in ids:
        wu = ctx.state.workspace_users.get(wuid)
        if wu is None or wu["wid"] != wid:
            raise bad_request("Wrong workspace user IDs")
    for wuid in ids:
        ctx.state.remove_workspace_user(wuid)
    return Reply(200)


ROUTES = [
    Route("/organizations/<int:oid>/workspaces", "POST", post_workspace),
    Route("/organizations/<int:oid>/groups", "GET", list_groups),
    Route("/organizations/<int:oid>/workspaces/<int:wid>/workspace_users", "GET",
          list_workspace_users),
    Route("/organizations/<int:oid>/workspaces/<int:wid>/workspace_users", "PATCH",
          patch_workspace_users),
]
