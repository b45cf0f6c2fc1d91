"""The RQ job: run one accepted command and post its one final message."""
from __future__ import annotations

import logging
from datetime import timedelta

from rq import get_current_job

from bot.catalogue import Command
from bot.jobqueue import enqueue_command
from bot.refs import State
from toggl.errors import QuotaExhausted
from workers import lookups
from workers.handlers import HANDLERS
from workers.handlers.base import JobContext
from workers.messages import interim
from workers.outcomes import finish
from workers.services import Services, services_for

log = logging.getLogger(__name__)


def run_command(ref: str, command: dict, attempt: int = 1) -> str:
    """Run the command of ``ref``; failures propagate to ``workers.failure``."""
    svc = services_for(get_current_job().connection)
    record = svc.refs.get(ref)
    if record is None:
        log.warning("ref %s has no record (expired?); nothing to do", ref)
        return "missing"
    if record.final:
        log.info("ref %s is already %s; not running it again", ref, record.state)
        return record.state
    parsed = Command.from_dict(command)
    svc.refs.update(ref, state=State.RUNNING, attempt=attempt)
    try:
        workspace_id = lookups.resolve_workspace_id(svc, parsed.workspace_id) if parsed.spec.takes_ws else 0
        job = JobContext(ref, parsed, record, attempt, workspace_id)
        message = HANDLERS[parsed.name](svc, job)
    except QuotaExhausted as quota:
        return defer(svc, ref, parsed, attempt, quota.resets_in)
    finish(svc, record, message, State.DONE)
    return State.DONE


def defer(svc: Services, ref: str, command: Command, attempt: int, resets_in: int) -> str:
    """Run the command again once Toggl's quota resets, and say when."""
    record = svc.refs.get(ref)
    deferrals = record.deferrals + 1
    enqueue_command(svc.queue, ref, command.to_dict(), suffix=f"-d{deferrals}",
                    delay=timedelta(seconds=resets_in + 1), attempt=attempt)
    svc.refs.update(ref, state=State.DEFERRED, deferrals=deferrals,
                    detail=f"waiting {resets_in} s for Toggl's hourly quota")
    svc.slack.respond(record.response_url, interim.deferred(ref, record.summary, resets_in),
                      user_id=record.user_id)
    return State.DEFERRED
