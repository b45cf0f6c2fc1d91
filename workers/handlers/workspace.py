"""``workspace``: settings and statistics; ``constraints``: what every time entry must have."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.workspaces import get_statistics, get_time_entry_constraints
from workers import lookups
from workers.job import JobContext
from workers.messages import workspace as messages
from workers.services import Services


def show(svc: Services, job: JobContext) -> Message:
    """Settings (fresh, refreshing the cache) and statistics."""
    wid = job.workspace_id
    lookups.forget(svc, wid, "workspace")
    workspace = lookups.workspace(svc, wid)
    return messages.workspace_overview(workspace, get_statistics(svc.toggl(), wid), job.ref)


def show_constraints(svc: Services, job: JobContext) -> Message:
    """The workspace's time entry constraints, read from Toggl now."""
    wid = job.workspace_id
    constraints = get_time_entry_constraints(svc.toggl(), wid)
    return messages.constraints_overview(constraints, lookups.workspace(svc, wid), job.ref)
