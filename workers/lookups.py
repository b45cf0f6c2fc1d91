"""Cached look-ups: workspace, organization, workspace users, people (SPEC §7)."""
from __future__ import annotations

from typing import Any

from bot.commands import Command
from bot.messages import failures
from bot.toggl.groups import list_groups
from bot.toggl.me import get_me
from bot.toggl.workspace_users import list_workspace_users
from bot.toggl.workspaces import get_workspace
from workers.errors import CommandFailed
from workers.services import Services


def workspace_id(svc: Services, command: Command) -> int:
    """``ws=``, else ``TOGGL_WORKSPACE_ID``, else the admin token's default workspace."""
    if command.workspace_id:
        return command.workspace_id
    if svc.settings.toggl_workspace_id:
        return svc.settings.toggl_workspace_id
    client = svc.toggl()
    me = svc.cache.get_or_load(f"me:{client.token_id}", lambda: _slim_me(get_me(client)))
    if not me.get("default_workspace_id"):
        raise CommandFailed(failures.no_default_workspace())
    return int(me["default_workspace_id"])


def workspace(svc: Services, wid: int) -> dict[str, Any]:
    """The workspace's settings (cached)."""
    def load() -> dict[str, Any]:
        found = get_workspace(svc.toggl(), wid)
        found.pop("api_token", None)  # a deprecated field that may hold a token
        return found

    return svc.cache.get_or_load(f"ws:{wid}:workspace", load)


def organization_id(svc: Services, wid: int) -> int:
    """``TOGGL_ORGANIZATION_ID`` for the configured workspace, else the workspace's own."""
    if svc.settings.toggl_organization_id and wid == svc.settings.toggl_workspace_id:
        return svc.settings.toggl_organization_id
    return int(workspace(svc, wid)["organization_id"])


def workspace_users(svc: Services, wid: int) -> list[dict[str, Any]]:
    """Everyone in the workspace (cached), workspace-user ids in ``id``."""
    return svc.cache.get_or_load(f"ws:{wid}:workspace_users",
                                 lambda: list_workspace_users(svc.toggl(), wid))


def groups(svc: Services, wid: int) -> list[dict[str, Any]]:
    """The workspace's groups (cached)."""
    return svc.cache.get_or_load(f"ws:{wid}:groups", lambda: list_groups(svc.toggl(), wid))


def find_people(svc: Services, wid: int, refs: list[dict]) -> list[dict[str, Any]]:
    """Resolve person references to workspace users, all from one list call."""
    people = workspace_users(svc, wid)
    by_email = {(p.get("email") or "").lower(): p for p in people}
    by_id = {int(p["id"]): p for p in people}
    found = []
    for ref in refs:
        if "workspace_user_id" in ref:
            person = by_id.get(ref["workspace_user_id"])
            label = f"id:{ref['workspace_user_id']}"
        else:
            email = ref.get("email") or _email_of_slack_user(svc, ref["slack_user"])
            person = by_email.get(email.lower())
            label = email
        if person is None:
            raise CommandFailed(failures.person_not_in_workspace(label, wid))
        found.append(person)
    return found


def _email_of_slack_user(svc: Services, slack_user: str) -> str:
    email = svc.slack.email_of(slack_user)
    if not email:
        raise CommandFailed(failures.slack_user_without_email(slack_user))
    return email


def _slim_me(me: dict[str, Any]) -> dict[str, Any]:
    # Cache only what is needed; the profile holds personal data.
    return {"id": me.get("id"), "default_workspace_id": me.get("default_workspace_id")}
