"""The fake's in-memory data and the seeding helpers.

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
    rate_last_updated, created_at, at
``users[uid]`` (global users; ``tokens[api_token] → uid``)
    id, email, fullname, api_token, password, timezone, default_workspace_id,
    beginning_of_week, country_id, image_url, created_at, updated_at, at
``workspace_users[wuid]``
    id, uid (global user id), wid, role ("admin"|"user"|"projectlead"|
    "teamlead"), rate, labor_cost, working_hours_in_minutes, inactive, active,
    view_edit_billable_rates, view_edit_labor_costs, rate_last_updated,
    labor_cost_last_updated, created_at, at.  Group membership is NOT stored
    here: it lives in ``groups[gid]["user_ids"]`` only.
``groups[gid]``
    id, workspace_id, name, user_ids (global ids), at
``clients[cid]``
    id, wid, name, notes, archived, creator_id, created_at, at
``projects[pid]``
    id, workspace_id, client_id, name, active, billable, is_private, color,
    rate, estimated_hours, created_at, at
``project_users[puid]``
    id, project_id, user_id (global), workspace_id, rate, labor_cost, manager, at
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
import secrets
import threading
from typing import Iterable, Optional

from .common import PREMIUM_PLANS, now_iso

ROLES = ("admin", "user", "projectlead", "teamlead")
# Toggl's role_id values are per organization; the fake uses fixed ones.
ROLE_IDS = {1: "admin", 2: "user", 3: "projectlead", 4: "teamlead"}
PLANS = ("free", "starter", "premium", "enterprise")
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


class State:
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
        """Ids of the groups of ``wid`` that contain global user ``uid``."""
        return sorted(
            g["id"] for g in self.groups.values()
            if g["workspace_id"] == wid and uid in g["user_ids"]
        )

    def is_paid(self, wid: int) -> bool:
        """Whether the workspace is on Starter or a higher plan."""
        return self.workspaces[wid]["plan"] in PREMIUM_PLANS

    # ------------------------------------------------------------ seeding
    def add_organization(self, name: str = "Organization") -> dict:
        """Create an organization."""
        with self.lock:
            oid = self.next_id("organization")
            stamp = now_iso()
            self.organizations[oid] = {"id": oid, "name": name, "created_at": stamp, "at": stamp}
            return dict(self.organizations[oid])

    def add_workspace(
        self,
        organization_id: int,
        name: str = "Workspace",
        plan: str = "free",
        currency: str = "USD",
        default_hourly_rate: float = 0,
    ) -> dict:
        """Create a workspace in an organization."""
        if plan not in PLANS:
            raise ValueError(f"plan must be one of {PLANS}")
        with self.lock:
            if organization_id not in self.organizations:
                raise ValueError(f"no organization {organization_id}")
            wid = self.next_id("workspace")
            stamp = now_iso()
            self.workspaces[wid] = {
                "id": wid, "organization_id": organization_id, "name": name,
                "plan": plan, "default_currency": currency,
                "default_hourly_rate": default_hourly_rate, "rounding": 0,
                "rounding_minutes": 0, "rate_change_mode": None,
                "working_hours_in_minutes": None,
                "only_admins_may_create_projects": False,
                "only_admins_may_create_tags": False,
                "only_admins_see_team_dashboard": False,
                "projects_billable_by_default": True,
                "projects_enforce_billable": False,
                "projects_private_by_default": True,
                "limit_public_project_data": False, "reports_collapse": True,
                "rate_last_updated": None, "created_at": stamp, "at": stamp,
            }
            return dict(self.workspaces[wid])

    def add_user(
        self,
        email: str,
        fullname: str = "",
        token: Optional[str] = None,
        default_workspace_id: Optional[int] = None,
        timezone: str = "UTC",
        password: str = "password123",
        beginning_of_week: int = 1,
        country_id: Optional[int] = None,
    ) -> dict:
        """Create a global Toggl user with an API token (random if not given)."""
        with self.lock:
            token = token or secrets.token_hex(16)
            if token in self.tokens:
                raise ValueError(f"token {token!r} already in use")
            if any(u["email"].lower() == email.lower() for u in self.users.values()):
                raise ValueError(f"email {email!r} already in use")
            uid = self.next_id("user")
            stamp = now_iso()
            self.users[uid] = {
                "id": uid, "email": email, "fullname": fullname or email.split("@")[0],
                "api_token": token, "password": password, "timezone": timezone,
                "default_workspace_id": default_workspace_id,
                "beginning_of_week": beginning_of_week, "country_id": country_id,
                "image_url": f"https://assets.track.toggl.test/avatars/{uid}.png",
                "created_at": stamp, "updated_at": stamp, "at": stamp,
            }
            self.tokens[token] = uid
            return dict(self.users[uid])

    def add_workspace_user(
        self,
        workspace_id: int,
        user_id: int,
        role: str = "user",
        rate: Optional[float] = None,
        labor_cost: Optional[float] = None,
        working_hours_in_minutes: Optional[int] = None,
        inactive: bool = False,
        active: bool = True,
        group_ids: Iterable[int] = (),
    ) -> dict:
        """Make global user ``user_id`` a member of a workspace."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        with self.lock:
            if workspace_id not in self.workspaces or user_id not in self.users:
                raise ValueError("unknown workspace or user")
            if self.workspace_user_of(workspace_id, user_id):
                raise ValueError("user is already in the workspace")
            wuid = self.next_id("workspace_user")
            stamp = now_iso()
            self.workspace_users[wuid] = {
                "id": wuid, "uid": user_id, "wid": workspace_id, "role": role,
                "rate": rate, "labor_cost": labor_cost,
                "working_hours_in_minutes": working_hours_in_minutes,
                "inactive": inactive, "active": active,
                "view_edit_billable_rates": False, "view_edit_labor_costs": False,
                "rate_last_updated": stamp if rate is not None else None,
                "labor_cost_last_updated": stamp if labor_cost is not None else None,
                "created_at": stamp, "at": stamp,
            }
            for gid in group_ids:
                group = self.groups.get(gid)
                if group is None or group["workspace_id"] != workspace_id:
                    raise ValueError(f"no group {gid} in workspace {workspace_id}")
                if user_id not in group["user_ids"]:
                    group["user_ids"].append(user_id)
            user = self.users[user_id]
            if user["default_workspace_id"] is None:
                user["default_workspace_id"] = workspace_id
            return dict(self.workspace_users[wuid])

    def add_group(self, workspace_id: int, name: str, user_ids: Iterable[int] = ()) -> dict:
        """Create a group of global users in a workspace."""
        with self.lock:
            self._need_workspace(workspace_id)
            gid = self.next_id("group")
            self.groups[gid] = {
                "id": gid, "workspace_id": workspace_id, "name": name,
                "user_ids": list(user_ids), "at": now_iso(),
            }
            return _copy(self.groups[gid])

    def add_client(
        self, workspace_id: int, name: str, notes: str = "", archived: bool = False
    ) -> dict:
        """Create a client."""
        with self.lock:
            self._need_workspace(workspace_id)
            cid = self.next_id("client")
            stamp = now_iso()
            self.clients[cid] = {
                "id": cid, "wid": workspace_id, "name": name, "notes": notes,
                "archived": archived, "creator_id": None, "created_at": stamp, "at": stamp,
            }
            return dict(self.clients[cid])

    def add_project(
        self,
        workspace_id: int,
        name: str,
        client_id: Optional[int] = None,
        active: bool = True,
        billable: bool = False,
        rate: Optional[float] = None,
    ) -> dict:
        """Create a project (optionally for a client of the same workspace)."""
        with self.lock:
            self._need_workspace(workspace_id)
            if client_id is not None and self.clients.get(client_id, {}).get("wid") != workspace_id:
                raise ValueError(f"no client {client_id} in workspace {workspace_id}")
            pid = self.next_id("project")
            stamp = now_iso()
            self.projects[pid] = {
                "id": pid, "workspace_id": workspace_id, "client_id": client_id,
                "name": name, "active": active, "billable": billable,
                "is_private": False, "color": "#0b83d9", "rate": rate,
                "estimated_hours": None, "created_at": stamp, "at": stamp,
            }
            return dict(self.projects[pid])

    def add_project_user(
        self,
        project_id: int,
        user_id: int,
        rate: Optional[float] = None,
        labor_cost: Optional[float] = None,
        manager: bool = False,
    ) -> dict:
        """Add global user ``user_id`` to a project."""
        with self.lock:
            project = self.projects.get(project_id)
            if project is None or user_id not in self.users:
                raise ValueError("unknown project or user")
            puid = self.next_id("project_user")
            self.project_users[puid] = {
                "id": puid, "project_id": project_id, "user_id": user_id,
                "workspace_id": project["workspace_id"], "rate": rate,
                "labor_cost": labor_cost, "manager": manager, "at": now_iso(),
            }
            return dict(self.project_users[puid])

    def add_task(self, workspace_id: int, project_id: int, name: str) -> dict:
        """Create a task in a project."""
        with self.lock:
            if self.projects.get(project_id, {}).get("workspace_id") != workspace_id:
                raise ValueError(f"no project {project_id} in workspace {workspace_id}")
            tid = self.next_id("task")
            self.tasks[tid] = {
                "id": tid, "workspace_id": workspace_id, "project_id": project_id,
                "name": name, "active": True, "user_id": None,
                "estimated_seconds": None, "rate": None, "at": now_iso(),
            }
            return dict(self.tasks[tid])

    def add_reminder(
        self,
        workspace_id: int,
        threshold: int = 8,
        frequency: int = 1,
        user_ids: Iterable[int] = (),
        group_ids: Iterable[int] = (),
    ) -> dict:
        """Create a track reminder (user_ids are global ids)."""
        with self.lock:
            self._need_workspace(workspace_id)
            rid = self.next_id("reminder")
            self.reminders[rid] = {
                "reminder_id": rid, "workspace_id": workspace_id,
                "frequency": frequency, "threshold": threshold,
                "user_ids": list(user_ids), "group_ids": list(group_ids),
                "created_at": now_iso(),
            }
            return _copy(self.reminders[rid])

    # ----------------------------------------------------------- removals
    def remove_workspace_user(self, wuid: int) -> None:
        """Delete a workspace user and its memberships in that workspace."""
        with self.lock:
            wu = self.workspace_users.pop(wuid)
            wid, uid = wu["wid"], wu["uid"]
            for group in self.groups.values():
                if group["workspace_id"] == wid and uid in group["user_ids"]:
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

    def _need_workspace(self, wid: int) -> None:
        if wid not in self.workspaces:
            raise ValueError(f"no workspace {wid}")


def _copy(record: dict) -> dict:
    """A copy of a record whose list values are copied too."""
    return {k: (list(v) if isinstance(v, list) else v) for k, v in record.items()}
