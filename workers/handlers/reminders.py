"""``reminders``: every tracking reminder, with names instead of ids."""
from __future__ import annotations

from bot.messages.blocks import Message
from workers import lookups
from workers.changes.reminders import describe
from workers.job import JobContext
from workers.messages import reminders as messages
from workers.services import Services


def list_all(svc: Services, job: JobContext) -> Message:
    """Read from Toggl now (the cache is refreshed on the way)."""
    wid = job.workspace_id
    found = lookups.reminders(svc, wid, fresh=True)
    lines = [describe(svc, wid, r) for r in sorted(found, key=lookups.reminder_id_of)]
    return messages.reminder_list(lines, lookups.workspace(svc, wid), job.ref)
