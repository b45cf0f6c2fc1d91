"""``projects`` and ``groups``: names with the ids other commands take (``project:<id>``, ``group:<id>``)."""
from __future__ import annotations

from bot.messages.blocks import Message
from workers import lookups
from workers.job import JobContext
from workers.messages import groups as group_messages
from workers.messages import projects as messages
from workers.services import Services


def list_projects(svc: Services, job: JobContext) -> Message:
    """Active (or archived) projects with their clients, filtered by a search word in the name."""
    wid = job.workspace_id
    search = job.args.get("search", "")
    archived = bool(job.args.get("archived"))
    needle = search.casefold()
    found = [p for p in lookups.projects(svc, wid) if bool(p.get("active", True)) != archived
             and needle in (p.get("name") or "").casefold()]
    client_names: dict[int, str] = {}
    if any(p.get("client_id") for p in found):  # no client look-up when no project has a client
        client_names = {int(c["id"]): c.get("name") or "" for c in lookups.clients(svc, wid)}
    return messages.project_list(found, client_names, lookups.workspace(svc, wid), job.ref,
                                 search=search, archived=archived)


def list_groups(svc: Services, job: JobContext) -> Message:
    """The groups assigned to the workspace, each with its members by name."""
    wid = job.workspace_id
    found = lookups.groups(svc, wid)
    names: dict[int, str] = {}
    if any(g.get("user_ids") for g in found):  # no people look-up when every group is empty
        names = {int(p["uid"]): p.get("name") or p.get("email") or "" for p in lookups.workspace_users(svc, wid)
                 if p.get("uid")}
    return group_messages.group_list(found, names, lookups.workspace(svc, wid), job.ref)
