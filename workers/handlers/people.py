"""``users`` and ``user show|set|deactivate|reactivate|remove``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from toggl.workspace_users import (
    delete_workspace_user,
    delete_workspace_users,
    list_workspace_users,
    update_workspace_user,
)
from workers import lookups
from workers.handlers.base import JobContext
from workers.messages import people as messages
from workers.services import Services


def list_users(svc: Services, job: JobContext) -> Message:
    """Workspace users, filtered by a search word and by active/deactivated."""
    wid = job.workspace_id
    search = job.args.get("search", "")
    inactive = bool(job.args.get("inactive"))
    needle = search.casefold()
    found = [p for p in lookups.workspace_users(svc, wid)
             if bool(p.get("inactive")) == inactive
             and (needle in (p.get("name") or "").casefold() or needle in (p.get("email") or "").casefold())]
    return messages.users_list(found, lookups.workspace(svc, wid), job.ref, search=search, inactive=inactive)


def show_user(svc: Services, job: JobContext) -> Message:
    """One workspace user with rate, labor cost, working hours and groups."""
    wid = job.workspace_id
    [person] = lookups.find_people(svc, wid, [job.args["who"]])
    group_names = []
    if person.get("group_ids"):
        names = {g["id"]: g.get("name", str(g["id"])) for g in lookups.groups(svc, wid)}
        group_names = [names.get(gid, f"group {gid}") for gid in person["group_ids"]]
    return messages.user_detail(person, lookups.workspace(svc, wid), group_names, job.ref)


def set_user(svc: Services, job: JobContext) -> Message:
    """``PUT …/workspace_users/{id}`` with role, rate, labor cost or working hours."""
    return _update(svc, job, job.args["fields"])


def deactivate_user(svc: Services, job: JobContext) -> Message:
    """``inactive: true``."""
    return _update(svc, job, {"inactive": True})


def reactivate_user(svc: Services, job: JobContext) -> Message:
    """``inactive: false``."""
    return _update(svc, job, {"inactive": False})


def _update(svc: Services, job: JobContext, fields: dict[str, Any]) -> Message:
    wid = job.workspace_id
    [person] = lookups.find_people(svc, wid, [job.args["who"]])
    update_workspace_user(svc.toggl(), wid, int(person["id"]), fields)
    lookups.forget(svc, wid, "workspace_users")
    return messages.user_updated(person, fields, lookups.workspace(svc, wid), job.ref)


def remove_users(svc: Services, job: JobContext) -> Message:
    """One person: ``DELETE``; several: one bulk ``PATCH {"delete": [...]}``."""
    wid = job.workspace_id
    earlier = job.record.resolved_people if job.attempt > 1 else None
    # A retry must not look the people up again: an earlier attempt may have removed them.
    people = earlier or lookups.find_people(svc, wid, job.args["who"])
    if not earlier:
        svc.refs.update(job.ref, resolved_people=people)
    ids = [int(p["id"]) for p in people]
    client = svc.toggl()

    def already_gone() -> bool | None:
        remaining = {int(p["id"]) for p in list_workspace_users(client, wid)}
        return True if remaining.isdisjoint(ids) else None

    if job.attempt > 1 and already_gone():
        pass  # an earlier attempt removed them before its worker died
    elif len(ids) == 1:
        delete_workspace_user(client, wid, ids[0], read_back=already_gone)
    else:
        delete_workspace_users(client, lookups.organization_id(svc, wid), wid, ids, read_back=already_gone)
    lookups.forget(svc, wid, "workspace_users")
    return messages.users_removed(people, lookups.workspace(svc, wid), job.ref)
