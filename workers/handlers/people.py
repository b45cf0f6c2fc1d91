"""``users`` and ``user show``: reading workspace users."""
from __future__ import annotations

from bot.messages import results
from bot.messages.blocks import Message
from workers import lookups
from workers.handlers.base import JobContext
from workers.services import Services


def list_users(svc: Services, job: JobContext) -> Message:
    """Workspace users, filtered by a search word and by active/deactivated."""
    wid = lookups.workspace_id(svc, job.command)
    search = job.command.args.get("search", "").lower()
    inactive = bool(job.command.args.get("inactive"))
    people = [p for p in lookups.workspace_users(svc, wid)
              if bool(p.get("inactive")) == inactive
              and (not search or search in (p.get("name") or "").lower()
                   or search in (p.get("email") or "").lower())]
    return results.users_list(people, lookups.workspace(svc, wid), job.ref,
                              search=job.command.args.get("search", ""), inactive=inactive)


def show_user(svc: Services, job: JobContext) -> Message:
    """One workspace user with rate, labor cost, working hours and groups."""
    wid = lookups.workspace_id(svc, job.command)
    [person] = lookups.find_people(svc, wid, [job.command.args["who"]])
    group_names = []
    if person.get("group_ids"):
        names = {g["id"]: g.get("name", str(g["id"])) for g in lookups.groups(svc, wid)}
        group_names = [names.get(gid, f"group {gid}") for gid in person["group_ids"]]
    return results.user_detail(person, lookups.workspace(svc, wid), group_names, job.ref)
