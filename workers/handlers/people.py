"""``users``, ``members`` and ``user show``."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.workspace_users import list_organization_members
from workers import lookups
from workers.job import JobContext
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


def list_members(svc: Services, job: JobContext) -> Message:
    """Everyone in the workspace as the organization lists them (read now, not cached): direct or through a
    group; ``custom_rates``: only people with a rate of their own; ``pending``: invited, not joined yet."""
    wid = job.workspace_id
    search = job.args.get("search", "")
    custom_rates = bool(job.args.get("custom_rates"))
    pending = bool(job.args.get("pending"))
    needle = search.casefold()
    found = [p for p in list_organization_members(svc.toggl(), lookups.organization_id(svc, wid), wid,
                                                  custom_rates=custom_rates)
             if (not pending or p.get("active") is False)
             and (needle in (p.get("name") or "").casefold() or needle in (p.get("email") or "").casefold())]
    return messages.member_list(found, lookups.workspace(svc, wid), job.ref, search=search,
                                custom_rates=custom_rates, pending=pending)
