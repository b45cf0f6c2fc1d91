"""``alerts``: every project alert, with project and people by name."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from workers import lookups
from workers.job import JobContext
from workers.messages import alerts as messages
from workers.services import Services


def list_alerts(svc: Services, job: JobContext) -> Message:
    """Read from Toggl now (the cache is refreshed on the way); people Toggl does not name are looked up."""
    wid = job.workspace_id
    found = sorted(lookups.alerts(svc, wid, fresh=True), key=lambda a: int(a.get("id") or 0))
    names: dict[int, str] = {}
    if any(not _named(a) for a in found):
        names = {int(p["uid"]): p.get("name") or p.get("email") or "" for p in lookups.workspace_users(svc, wid)
                 if p.get("uid")}
    return messages.alert_list(found, names, lookups.workspace(svc, wid), job.ref)


def _named(alert: dict[str, Any]) -> bool:
    """Toggl names every receiver itself (``receiver_users_name``, in the order of ``receiver_users``)."""
    return len(alert.get("receiver_users_name") or []) == len(alert.get("receiver_users") or [])
