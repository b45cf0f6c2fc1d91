"""Cached look-ups: workspace, organization, workspace users, people (SPEC §7)."""
from __future__ import annotations

from typing import Any

from bot.commands import Command
from workers.messages import failures
from toggl.clients import list_clients
from toggl.groups import list_groups
from toggl.projects import find_projects, get_project, list_project_users
from toggl.me import get_me
from toggl.workspace_users import list_workspace_users
from toggl.workspaces import get_workspace
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
    def load() -> str:
        email = svc.slack.email_of(slack_user)
        if not email:
            raise CommandFailed(failures.slack_user_without_email(slack_user))
        return email

    return svc.cache.get_or_load(f"slack-email:{slack_user}", load)


def clients(svc: Services, wid: int) -> list[dict[str, Any]]:
    """All clients of the workspace, active and archived (cached)."""
    return svc.cache.get_or_load(f"ws:{wid}:clients", lambda: list_clients(svc.toggl(), wid))


def find_client(svc: Services, wid: int, ref: dict) -> dict[str, Any]:
    """A client by id, or by exact name (case-insensitive); ambiguity is an error."""
    everyone = clients(svc, wid)
    if "id" in ref:
        found = [c for c in everyone if int(c["id"]) == ref["id"]]
        label = f"client {ref['id']}"
    else:
        found = [c for c in everyone if (c.get("name") or "").casefold() == ref["name"].casefold()]
        label = f"“{ref['name']}”"
    if len(found) > 1:
        raise CommandFailed(failures.ambiguous("client", label, found))
    if not found:
        similar = [c for c in everyone if "name" in ref and
                   ref["name"].casefold() in (c.get("name") or "").casefold()]
        raise CommandFailed(failures.not_found("client", label, similar))
    return found[0]


def find_project(svc: Services, wid: int, ref: dict) -> dict[str, Any]:
    """A project by id, or by exact name (case-insensitive) through ``?name=``."""
    if "id" in ref:
        return svc.cache.get_or_load(f"ws:{wid}:project:{ref['id']}",
                                     lambda: get_project(svc.toggl(), wid, ref["id"]))
    name = ref["name"]
    candidates = svc.cache.get_or_load(f"ws:{wid}:projects-named:{name.casefold()}",
                                       lambda: find_projects(svc.toggl(), wid, name))
    found = [p for p in candidates if (p.get("name") or "").casefold() == name.casefold()]
    if len(found) > 1:
        raise CommandFailed(failures.ambiguous("project", f"“{name}”", found))
    if not found:
        raise CommandFailed(failures.not_found("project", f"“{name}”", candidates))
    return found[0]


def find_project_user(svc: Services, wid: int, project: dict, person: dict) -> dict[str, Any]:
    """The project-user record (its own id) of a workspace user on a project."""
    members = svc.cache.get_or_load(f"ws:{wid}:project_users:{project['id']}",
                                    lambda: list_project_users(svc.toggl(), wid, project["id"]))
    for member in members:
        if int(member.get("user_id") or 0) == int(person.get("uid") or -1):
            return member
    raise CommandFailed(failures.not_project_member(person, project))


def check_groups(svc: Services, wid: int, group_ids: list[int]) -> list[dict[str, Any]]:
    """The named groups, each checked to exist in the workspace."""
    by_id = {int(g["id"]): g for g in groups(svc, wid)}
    missing = [gid for gid in group_ids if gid not in by_id]
    if missing:
        raise CommandFailed(failures.not_found("group", f"group:{missing[0]}", list(by_id.values())))
    return [by_id[gid] for gid in group_ids]


def forget(svc: Services, wid: int, *kinds: str) -> None:
    """Drop cached look-ups made stale by the bot's own change."""
    svc.cache.drop(*(f"ws:{wid}:{kind}" for kind in kinds))


def _slim_me(me: dict[str, Any]) -> dict[str, Any]:
    # Cache only what is needed; the profile holds personal data.
    return {"id": me.get("id"), "default_workspace_id": me.get("default_workspace_id")}
