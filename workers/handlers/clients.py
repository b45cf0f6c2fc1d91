"""``clients``: active or archived, filtered by a search word."""
from __future__ import annotations

from bot.messages.blocks import Message
from workers import lookups
from workers.job import JobContext
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




