"""``workspace`` and ``workspace set``."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.workspaces import get_statistics, update_workspace
from workers import lookups
from workers.handlers.base import JobContext
from workers.messages import workspace as messages
from workers.services import Services


def show(svc: Services, job: JobContext) -> Message:
    """Settings (fresh, refreshing the cache) and statistics."""
    wid = job.workspace_id
    lookups.forget(svc, wid, "workspace")
    workspace = lookups.workspace(svc, wid)
    return messages.workspace_overview(workspace, get_statistics(svc.toggl(), wid), job.ref)


def set_fields(svc: Services, job: JobContext) -> Message:
    """``PUT /workspaces/{wid}`` with the validated fields."""
    wid = job.workspace_id
    fields = job.args["fields"]
    updated = update_workspace(svc.toggl(), wid, fields)
    lookups.forget(svc, wid, "workspace")
    return messages.workspace_updated(updated or {"name": f"{wid}"}, fields, job.ref)
