"""API shapes of the stored records (what Toggl's JSON answers look like)."""

from __future__ import annotations

from typing import Optional

from .common import BUSINESS_PLANS, PREMIUM_PLANS
from .state import ROLE_IDS, State

_ROLE_TO_ID = {role: rid for rid, role in ROLE_IDS.items()}


def user_json(user: dict) -> dict:
    """The ``GET /me`` / ``PUT /me`` user object."""
    return {
        "id": user["id"],
        "api_token": user["api_token"],
        "email": user["email"],
        "fullname": user["fullname"],
        "timezone": user["timezone"],
        "default_workspace_id": user["default_workspace_id"],
        "beginning_of_week": user["beginning_of_week"],
        "country_id": user["country_id"],
        "image_url": user["image_url"],
        "has_password": True,
        "openid_email": None,
        "openid_enabled": False,
        "created_at": user["created_at"],
        "updated_at": user["updated_at"],
        "at": user["at"],
    }


def workspace_json(ws: dict, viewer: Optional[dict]) -> dict:
    """The workspace object; ``viewer`` is the caller's workspace-user record."""
    role = viewer["role"] if viewer else None
    keys = (
        "id", "organization_id", "name", "default_currency", "default_hourly_rate",
        "rounding", "rounding_minutes", "rate_last_updated", "working_hours_in_minutes",
        "only_admins_may_create_projects", "only_admins_may_create_tags",
        "only_admins_see_team_dashboard", "projects_billable_by_default",
        "projects_enforce_billable", "projects_private_by_default",
        "limit_public_project_data", "reports_collapse", "at",
    )
    data = {key: ws[key] for key in keys}
    data.update({
        "premium": ws["plan"] in PREMIUM_PLANS,
        "business_ws": ws["plan"] in BUSINESS_PLANS,
        "admin": role == "admin",
        "role": role,
        "permissions": None,
        "last_modified": ws["at"],
        "logo_url": "https://assets.track.toggl.test/images/workspace.jpg",
        "ical_enabled": False,
        "ical_url": None,
        "csv_upload": None,
        "subscription": None,
        "suspended_at": None,
        "te_constraints": None,
        "max_data_retention_days": None if ws["plan"] != "free" else 365,
        "hide_start_end_times": False,
        "disable_approvals": False,
        "disable_expenses": False,
        "disable_timesheet_view": False,
    })
    return data


def workspace_user_json(state: State, wu: dict, org_variant: bool = False) -> dict:
    """A workspace-user object (``id`` = workspace-user id, ``uid`` = global id)."""
    user = state.users[wu["uid"]]
    data = {
        "id": wu["id"],
        "uid": wu["uid"],
        "wid": wu["wid"],
        "email": user["email"],
        "name": user["fullname"],
        "timezone": user["timezone"],
        "role": wu["role"],
        "role_id": _ROLE_TO_ID[wu["role"]],
        "admin": wu["role"] == "admin",
        "workspace_admin": wu["role"] == "admin",
        "organization_admin": False,
        "rate": wu["rate"],
        "rate_last_updated": wu["rate_last_updated"],
        "labor_cost": wu["labor_cost"],
        "labor_cost_last_updated": wu["labor_cost_last_updated"],
        "working_hours_in_minutes": wu["working_hours_in_minutes"],
        "inactive": wu["inactive"],
        "active": wu["active"],
        "group_ids": state.group_ids_of(wu["wid"], wu["uid"]),
        "is_direct": wu["direct"],
        "2fa_enabled": False,
        "avatar_file_name": user["image_url"],
        "invitation_code": None if wu["active"] else f"inv-{wu['id']}",
        "invite_url": None,
        "view_edit_billable_rates": wu["view_edit_billable_rates"],
        "view_edit_labor_costs": wu["view_edit_labor_costs"],
        "at": wu["at"],
    }
    if org_variant:
        data["user_id"] = wu["uid"]
        data["workspace_id"] = wu["wid"]
    return data


def ws_user_json(state: State, wu: dict) -> dict:
    """An item of ``GET /workspaces/{wid}/users`` (``id`` = GLOBAL user id)."""
    user = state.users[wu["uid"]]
    return {
        "id": user["id"],
        "email": user["email"],
        "fullname": user["fullname"],
        "inactive": wu["inactive"],
        "is_active": wu["active"],
        "is_admin": wu["role"] == "admin",
        "role": wu["role"],
    }


def client_json(client: dict) -> dict:
    """A client object."""
    return {
        "id": client["id"],
        "wid": client["wid"],
        "name": client["name"],
        "notes": client["notes"],
        "archived": client["archived"],
        "creator_id": client["creator_id"],
        "at": client["at"],
        "integration_ext_id": None,
        "integration_ext_type": None,
        "integration_provider": None,
        "permissions": None,
    }


def project_json(project: dict) -> dict:
    """A project object."""
    return {
        "id": project["id"],
        "workspace_id": project["workspace_id"],
        "wid": project["workspace_id"],
        "client_id": project["client_id"],
        "cid": project["client_id"],
        "name": project["name"],
        "active": project["active"],
        "status": "active" if project["active"] else "archived",
        "billable": project["billable"],
        "is_private": project["is_private"],
        "color": project["color"],
        "rate": project["rate"],
        "currency": None,
        "estimated_hours": project["estimated_hours"],
        "template": False,
        "auto_estimates": None,
        "recurring": False,
        "fixed_fee": None,
        "created_at": project["created_at"],
        "at": project["at"],
        "server_deleted_at": None,
    }


def project_user_json(pu: dict, user_id: Optional[int] = None,
                      record_id: Optional[int] = None) -> dict:
    """A project-user object (``user_id`` = global id). For a member of a group
    assigned to the project, ``pu`` is the group's record and ``user_id`` /
    ``record_id`` are the member's."""
    data = {key: pu[key] for key in
            ("id", "project_id", "user_id", "group_id", "workspace_id", "manager", "rate",
             "rate_last_updated", "labor_cost", "labor_cost_last_updated", "at")}
    data["gid"] = pu["group_id"]
    if user_id is not None:
        data["user_id"] = user_id
    if record_id is not None:
        data["id"] = record_id
    return data


def group_json(group: dict, wid: int) -> dict:
    """A group of ``GET /workspaces/{wid}/groups`` (deprecated by Toggl)."""
    return {
        "id": group["id"],
        "name": group["name"],
        "wid": wid,
        "workspace_id": wid,
        "user_ids": list(group["user_ids"]),
        "at": group["at"],
        "server_deleted_at": None,
    }


def organization_group_json(state: State, group: dict) -> dict:
    """A ``group.OrganizationGroupResponse`` (``GET /organizations/{oid}/groups``).

    Per member: ``inactive`` = deactivated in every workspace of the
    organization where they have a record; ``joined`` = accepted the
    invitation of at least one of them.
    """
    users = []
    for uid in sorted(group["user_ids"]):
        user = state.users[uid]
        records = state.organization_members(group["organization_id"], uid)
        users.append({
            "user_id": uid, "name": user["fullname"], "avatar_url": user["image_url"],
            "inactive": bool(records) and all(r["inactive"] for r in records),
            "joined": any(r["active"] for r in records),
        })
    return {"group_id": group["id"], "name": group["name"], "at": group["at"],
            "permissions": [], "users": users, "workspaces": sorted(group["workspace_ids"])}


def alert_json(state: State, alert: dict) -> dict:
    """A ``models.AlertWithMeta``."""
    project = state.projects.get(alert["project_id"] or 0)
    client = state.clients.get(project["client_id"] or 0) if project else None
    users = [state.users[uid]["fullname"] for uid in alert["receiver_users"] if uid in state.users]
    return {
        "id": alert["id"], "wid": alert["wid"], "project_id": alert["project_id"],
        "project_name": project["name"] if project else None,
        "project_color": project["color"] if project else None,
        "client_id": client["id"] if client else None,
        "client_name": client["name"] if client else None,
        "billable": project["billable"] if project else None,
        "isFixedFee": False if project else None,
        "isPrivate": project["is_private"] if project else None,
        "estimatedHours": project["estimated_hours"] if project else None,
        "source_kind": alert["source_kind"], "threshold_type": alert["threshold_type"],
        "threshold": alert["thresholds"][0], "thresholds": list(alert["thresholds"]),
        "receiver_roles": list(alert["receiver_roles"]),
        "receiver_users": list(alert["receiver_users"]), "receiver_users_name": users,
        "receiver_groups": [],
        "receivers": len(alert["receiver_users"]) + len(alert["receiver_roles"]),
        "object_type": None, "errors": [],
    }


def task_json(task: dict) -> dict:
    """A task object."""
    data = {key: task[key] for key in
            ("id", "name", "project_id", "workspace_id", "user_id", "active",
             "estimated_seconds", "rate", "at")}
    data["tracked_seconds"] = 0
    data["server_deleted_at"] = None
    return data


def reminder_json(reminder: dict) -> dict:
    """A track-reminder object."""
    return {
        "reminder_id": reminder["reminder_id"],
        "workspace_id": reminder["workspace_id"],
        "frequency": reminder["frequency"],
        "threshold": reminder["threshold"],
        "user_ids": list(reminder["user_ids"]),
        "group_ids": list(reminder["group_ids"]),
        "created_at": reminder["created_at"],
    }


def rate_json(rate: dict) -> dict:
    """An item of ``GET …/rates/{level}/{level_id}``."""
    level, level_id = rate["level"], rate["level_id"]
    return {
        "id": rate["id"],
        "amount": rate["amount"],
        "type": rate["type"],
        "start": rate["start"],
        "end": rate["end"],
        "created_at": rate["created_at"],
        "updated_at": rate["updated_at"],
        "deleted_at": rate["deleted_at"],
        "creator_id": rate["creator_id"],
        "rate_change_mode": rate["rate_change_mode"],
        "workspace_id": rate["workspace_id"],
        "workspace_user_id": level_id if level == "workspace_user" else None,
        "project_id": level_id if level == "project" else None,
        "project_user_id": level_id if level == "project_user" else None,
        "planned_task_id": level_id if level == "task" else None,
    }
