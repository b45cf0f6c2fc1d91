"""``clients`` and ``client rename|notes|archive|restore``."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.clients import archive_client, restore_client, update_client
from workers import lookups
from workers.handlers.base import JobContext
from workers.messages import clients as messages
from workers.services import Services


def list_all(svc: Services, job: JobContext) -> Message:
    """Active (or archived) clients, filtered by a search word."""
    wid = job.workspace_id
    search = job.args.get("search", "")
    archived = bool(job.args.get("archived"))
    found = [c for c in lookups.clients(svc, wid) if bool(c.get("archived")) == archived
             and search.casefold() in (c.get("name") or "").casefold()]
    return messages.client_list(found, lookups.workspace(svc, wid), job.ref, search=search, archived=archived)


def rename(svc: Services, job: JobContext) -> Message:
    """``PUT …/clients/{id}`` with the new name (and the notes as they are)."""
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"])
    new_name = job.args["name"]
    update_client(svc.toggl(), wid, int(client["id"]), {"name": new_name, "notes": client.get("notes") or ""})
    lookups.forget(svc, wid, "clients")
    return messages.client_renamed(client.get("name"), new_name, job.ref)


def notes(svc: Services, job: JobContext) -> Message:
    """``PUT …/clients/{id}`` with the new notes (and the name as it is)."""
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"])
    text = job.args["notes"]
    update_client(svc.toggl(), wid, int(client["id"]), {"name": client.get("name"), "notes": text})
    lookups.forget(svc, wid, "clients")
    return messages.client_notes_set(client.get("name"), text, job.ref)


def archive(svc: Services, job: JobContext) -> Message:
    """``POST …/clients/{id}/archive``."""
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"])
    projects = [] if client.get("archived") else archive_client(svc.toggl(), wid, int(client["id"]))
    lookups.forget(svc, wid, "clients")
    return messages.client_archived(client.get("name"), len(projects), job.ref)


def restore(svc: Services, job: JobContext) -> Message:
    """``POST …/clients/{id}/restore``."""
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"])
    if client.get("archived"):
        restore_client(svc.toggl(), wid, int(client["id"]))
    lookups.forget(svc, wid, "clients")
    return messages.client_restored(client.get("name"), job.ref)
