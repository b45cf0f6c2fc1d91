"""Seeding helpers of :class:`State` (a mixin: ``State`` inherits them).

Every helper takes ``lock``, checks its arguments (``ValueError`` when they
make no sense) and returns a copy of the stored record.
"""

from __future__ import annotations

import secrets
import threading
from typing import Callable, Iterable, Optional

from .common import now_iso

ROLES = ("admin", "user", "projectlead", "teamlead")
PLANS = ("free", "starter", "premium", "enterprise")
CONSTRAINTS = ("description_present", "project_present", "tag_present", "task_present",
               "time_entry_constraints_enabled")


class Seeding:
    """The ``add_*`` helpers; the attributes are created by ``State.__init__``."""

    lock: threading.RLock
    organizations: dict[int, dict]
    workspaces: dict[int, dict]
    users: dict[int, dict]
    tokens: dict[str, int]
    workspace_users: dict[int, dict]
    groups: dict[int, dict]
    clients: dict[int, dict]
    projects: dict[int, dict]
    project_users: dict[int, dict]
    tasks: dict[int, dict]
    reminders: dict[int, dict]
    next_id: Callable[[str], int]
    workspace_user_of: Callable[[int, int], Optional[dict]]

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
                "te_constraints": dict.fromkeys(CONSTRAINTS, False),
            }
            return _copy(self.workspaces[wid])

    def set_constraints(self, workspace_id: int, **flags: bool) -> dict:
        """Set some of a workspace's time entry constraints (see ``CONSTRAINTS``)."""
        with self.lock:
            self._need_workspace(workspace_id)
            for key, value in flags.items():
                if key not in CONSTRAINTS or not isinstance(value, bool):
                    raise ValueError(f"constraints are booleans named {CONSTRAINTS}")
            self.workspaces[workspace_id]["te_constraints"].update(flags)
            return dict(self.workspaces[workspace_id]["te_constraints"])

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
        direct: bool = True,
    ) -> dict:
        """Make global user ``user_id`` a member of a workspace.

        ``active=False``: invited, invitation not accepted yet. ``inactive``:
        deactivated by an admin. ``direct=False``: a member only through a
        group (Toggl's ``is_direct: false``; give the group in ``group_ids``).
        """
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        with self.lock:
            if workspace_id not in self.workspaces or user_id not in self.users:
                raise ValueError("unknown workspace or user")
            if self.workspace_user_of(workspace_id, user_id):
                raise ValueError("user is already in the workspace")
            groups = [self._group_of_workspace(gid, workspace_id) for gid in group_ids]
            wuid = self.next_id("workspace_user")
            stamp = now_iso()
            self.workspace_users[wuid] = {
                "id": wuid, "uid": user_id, "wid": workspace_id, "role": role,
                "rate": rate, "labor_cost": labor_cost,
                "working_hours_in_minutes": working_hours_in_minutes,
                "inactive": inactive, "active": active, "direct": direct,
                "view_edit_billable_rates": False, "view_edit_labor_costs": False,
                "rate_last_updated": stamp if rate is not None else None,
                "labor_cost_last_updated": stamp if labor_cost is not None else None,
                "created_at": stamp, "at": stamp,
            }
            for group in groups:
                if user_id not in group["user_ids"]:
                    group["user_ids"].append(user_id)
            user = self.users[user_id]
            if user["default_workspace_id"] is None:
                user["default_workspace_id"] = workspace_id
            return dict(self.workspace_users[wuid])

    def add_group(self, workspace_id: int, name: str, user_ids: Iterable[int] = (),
                  workspace_ids: Iterable[int] = ()) -> dict:
        """Create a group of global users in the organization of ``workspace_id``,
        assigned to that workspace and to every one of ``workspace_ids``."""
        with self.lock:
            self._need_workspace(workspace_id)
            oid = self.workspaces[workspace_id]["organization_id"]
            assigned = [workspace_id]
            for wid in workspace_ids:
                if self.workspaces.get(wid, {}).get("organization_id") != oid:
                    raise ValueError(f"no workspace {wid} in organization {oid}")
                if wid not in assigned:
                    assigned.append(wid)
            users = list(user_ids)
            if any(uid not in self.users for uid in users):
                raise ValueError("unknown user in user_ids")
            gid = self.next_id("group")
            self.groups[gid] = {
                "id": gid, "organization_id": oid, "workspace_ids": assigned, "name": name,
                "user_ids": users, "at": now_iso(),
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
            return self._new_project_user(project, user_id, None, rate, labor_cost, manager)

    def add_project_group(
        self,
        project_id: int,
        group_id: int,
        rate: Optional[float] = None,
        labor_cost: Optional[float] = None,
    ) -> dict:
        """Assign a group (of the project's workspace) to a project: a project-user
        record with ``group_id`` set and ``user_id`` None."""
        with self.lock:
            project = self.projects.get(project_id)
            if project is None:
                raise ValueError(f"no project {project_id}")
            self._group_of_workspace(group_id, project["workspace_id"])
            return self._new_project_user(project, None, group_id, rate, labor_cost, False)

    def _new_project_user(self, project: dict, user_id: Optional[int], group_id: Optional[int],
                          rate: Optional[float], labor_cost: Optional[float],
                          manager: bool) -> dict:
        puid = self.next_id("project_user")
        stamp = now_iso()
        self.project_users[puid] = {
            "id": puid, "project_id": project["id"], "user_id": user_id,
            "group_id": group_id, "workspace_id": project["workspace_id"], "rate": rate,
            "rate_last_updated": stamp if rate is not None else None,
            "labor_cost": labor_cost,
            "labor_cost_last_updated": stamp if labor_cost is not None else None,
            "manager": manager, "at": stamp,
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

    def _need_workspace(self, wid: int) -> None:
        if wid not in self.workspaces:
            raise ValueError(f"no workspace {wid}")

    def _group_of_workspace(self, gid: int, wid: int) -> dict:
        group = self.groups.get(gid)
        if group is None or wid not in group["workspace_ids"]:
            raise ValueError(f"no group {gid} in workspace {wid}")
        return group


def _copy(record: dict) -> dict:
    """A copy of a record whose list and dict values are copied too."""
    return {k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
            for k, v in record.items()}
