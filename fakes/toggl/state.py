"""The fake's in-memory data (seeding helpers: ``seeding.py``).

Every collection is a ``dict`` from id to a plain ``dict`` (the stored record,
not the API shape; ``serialize.py`` builds the API shapes). Layout:

``organizations[oid]``
    id, name, created_at, at
``workspaces[wid]``
    id, organization_id, name, plan ("free"|"starter"|"premium"|"enterprise"),
    default_currency, default_hourly_rate, rounding, rounding_minutes,
    rate_change_mode, working_hours_in_minutes, only_admins_may_create_projects,
    only_admins_may_create_tags, only_admins_see_team_dashboard,
    projects_billable_by_default, projects_enforce_billable,
    projects_private_by_default, limit_public_project_data, reports_collapse,
    rate_last_updated, created_at, at, te_constraints (a dict of the five
    booleans of ``GET …/time_entry_constraints``)
``users[uid]`` (global users; ``tokens[api_token] → uid``)
    id, email, fullname, api_token, password, timezone, default_workspace_id,
    beginning_of_week, country_id, image_url, created_at, updated_at, at
``workspace_users[wuid]``
    id, uid (global user id), wid, role ("admin"|"user"|"projectlead"|
    "teamlead"), rate, labor_cost, working_hours_in_minutes, inactive
    (deactivated by an admin), active (invitation accepted), direct (False:
    a member only through a group), view_edit_billable_rates,
    view_edit_labor_costs, rate_last_updated, labor_cost_last_updated,
    created_at, at.  Group membership is NOT stored here: it lives in
    ``groups[gid]["user_ids"]`` only.
``groups[gid]`` (organization groups)
    id, organization_id, workspace_ids (the workspaces it is assigned to),
    name, user_ids (global ids), at
``clients[cid]``
    id, wid, name, notes, archived, creator_id, created_at, at
``projects[pid]``
    id, workspace_id, client_id, name, active, billable, is_private, color,
    rate, estimated_hours, created_at, at
``project_users[puid]``
    id, project_id, user_id (global; None for a group), group_id (None for a
    person), workspace_id, rate, rate_last_updated, labor_cost,
    labor_cost_last_updated, manager, at
``group_member_ids[(puid, uid)]``
    the id shown for member ``uid`` of the group of project-user ``puid`` in
    ``GET …/project_users?with_group_members=true`` (handed out on first use)
``tasks[tid]``
    id, workspace_id, project_id, name, active, user_id, estimated_seconds,
    rate, at
``reminders[rid]``
    reminder_id, workspace_id, frequency, threshold, user_ids (global),
    group_ids, created_at
``rates[rate_id]`` (history written by POST …/rates and workspace-user PUTs)
    id, workspace_id, level, level_id, type ("billable_rates"|"labor_rates"),
    amount, start, end, deleted_at, rate_change_mode, creator_id, created_at,
    updated_at
``alerts[aid]``
    id, wid, project_id, receiver_roles, receiver_users, source_kind,
    threshold_type, thresholds, created_at

Ids come from distinct ranges per kind (first ids: users 1001, workspace
users 5001, workspaces 9001, organizations 7001, clients 3001, projects
4001, groups 6001, reminders 8001, tasks 2001, rates 101, project users
20001, alerts 30001) so that an id of the wrong kind never matches.

Hold ``state.lock`` (an RLock) when reading or changing several records.
"""

from __future__ import annotations

import itertools
import threading
from typing import Optional

from .common import PREMIUM_PLANS
from .seeding import PLANS, ROLES, Seeding

__all__ = ["ID_START", "PLANS", "ROLES", "ROLE_IDS", "PLAN_HOURLY_QUOTA", "ME_HOURLY_QUOTA", "State"]

# Toggl's role_id values are per organization; the fake uses fixed ones.
ROLE_IDS = {1: "admin", 2: "user", 3: "projectlead", 4: "teamlead"}
# Requests per hour per user and organization (Enterprise is "custom": 1000 here).
PLAN_HOURLY_QUOTA = {"free": 30, "starter": 240, "premium": 600, "enterprise": 1000}
ME_HOURLY_QUOTA = 30
ID_START = {
    "user": 1000,
    "workspace_user": 5000,
    "workspace": 9000,
    "organization": 7000,
    "client": 3000,
    "project": 4000,
    "group": 6000,
    "reminder": 8000,
    "task": 2000,
    "rate": 100,
    "project_user": 20000,
    "alert": 30000,
}


class State(Seeding):
    """All records of the fake Toggl, guarded by ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.organizations: dict[int, dict] = {}
        self.workspaces: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.tokens: dict[str, int] = {}
        self.workspace_users: dict[int, dict] = {}
        self.groups: dict[int, dict] = {}
        self.clients: dict[int, dict] = {}
        self.projects: dict[int, dict] = {}
        self.project_users: dict[int, dict] = {}
        self.tasks: dict[int, dict] = {}
        self.reminders: dict[int, dict] = {}
        self.rates: dict[int, dict] = {}
        self.alerts: dict[int, dict] = {}
        self.group_member_ids: dict[tuple[int, int], int] = {}
        self._ids = {kind: itertools.count(start + 1) for kind, start in ID_START.items()}

    def next_id(self, kind: str) -> int:
        """The next id of a kind (see ``ID_START``)."""
        with self.lock:
            return next(self._ids[kind])

    # ----------------------------------------------------------- look-ups
    def user_by_token(self, token: str) -> Optional[dict]:
        """The global user owning an API token, or None."""
        uid = self.tokens.get(token)
        return self.users.get(uid) if uid is not None else None

    def workspace_user_of(self, wid: int, uid: int) -> Optional[dict]:
        """The workspace-user record of global user ``uid`` in ``wid``."""
        for wu in self.workspace_users.values():
            if wu["wid"] == wid and wu["uid"] == uid:
                return wu
        return None

    def members(self, wid: int) -> list[dict]:
        """All workspace-user records of a workspace, by id."""
        return sorted(
            (wu for wu in self.workspace_users.values() if wu["wid"] == wid),
            key=lambda wu: wu["id"],
        )

    def group_ids_of(self, wid: int, uid: int) -> list[int]:
        """Ids of the groups assigned to ``wid`` that contain global user ``uid``."""
        return sorted(g["id"] for g in self.groups_of(wid) if uid in g["user_ids"])

    def groups_of(self, wid: int) -> list[dict]:
        """The groups assigned to a workspace, by id."""
        return sorted((g for g in self.groups.values() if wid in g["workspace_ids"]),
                      key=lambda g: g["id"])

    def is_paid(self, wid: int) -> bool:
        """Whether the workspace is on Starter or a higher plan."""
        return self.workspaces[wid]["plan"] in PREMIUM_PLANS

    def organization_plan(self, oid: int) -> str:
        """The best plan among the workspaces of an organization ("free" if none)."""
        plans = [ws["plan"] for ws in self.workspaces.values() if ws["organization_id"] == oid]
        return max(plans, key=PLANS.index, default="free")

    def organization_members(self, oid: int, uid: int) -> list[dict]:
        """The workspace-user records of global user ``uid`` in the workspaces of ``oid``."""
        return [wu for wu in self.workspace_users.values() if wu["uid"] == uid
                and self.workspaces[wu["wid"]]["organization_id"] == oid]

    def organization_ids_of(self, uid: int) -> list[int]:
        """The organizations global user ``uid`` belongs to (through any workspace)."""
        return sorted({self.workspaces[wu["wid"]]["organization_id"]
                       for wu in self.workspace_users.values() if wu["uid"] == uid})

    # ----------------------------------------------------------- removals
    def remove_workspace_user(self, wuid: int) -> None:
        """Delete a workspace user and its memberships in that workspace."""
        with self.lock:
            wu = self.workspace_users.pop(wuid)
            wid, uid = wu["wid"], wu["uid"]
            for group in self.groups.values():
                if wid in group["workspace_ids"] and uid in group["user_ids"]:
                    group["user_ids"].remove(uid)
            for reminder in self.reminders.values():
                if reminder["workspace_id"] == wid and uid in reminder["user_ids"]:
                    reminder["user_ids"].remove(uid)
            for puid in [k for k, pu in self.project_users.items()
                         if pu["workspace_id"] == wid and pu["user_id"] == uid]:
                del self.project_users[puid]
            user = self.users.get(uid)
            if user and user["default_workspace_id"] == wid:
                others = [w["wid"] for w in self.workspace_users.values() if w["uid"] == uid]
                user["default_workspace_id"] = min(others) if others else None
