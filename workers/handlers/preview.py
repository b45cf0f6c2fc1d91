"""``preview <change…>``: make the change's plan and show it; nothing is written."""
from __future__ import annotations

import dataclasses

from bot.catalogue import Command
from bot.messages.blocks import Message
from workers import lookups
from workers.changes.flow import make_plan, plan_needs_approval
from workers.job import JobContext
from workers.messages import changes as messages
from workers.services import Services


def preview(svc: Services, job: JobContext) -> Message:
    """The plan the wrapped change would have, and whether it would need approval."""
    inner = Command.from_dict(job.args["command"])
    workspace_id = lookups.resolve_workspace_id(svc, inner.workspace_id) if inner.spec.takes_ws else 0
    plan = make_plan(svc, dataclasses.replace(job, command=inner, workspace_id=workspace_id))
    return messages.preview(plan, plan_needs_approval(svc, inner, plan), job.ref)
