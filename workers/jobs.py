"""The RQ job: run one accepted command and post its one final message."""
from __future__ import annotations

import logging
from datetime import timedelta

from rq import get_current_job

from bot.commands import Command
from bot.jobqueue import enqueue_command
from workers.messages import interim
from toggl.errors import QuotaExhausted
from workers.handlers import HANDLERS
from workers.handlers.base import JobContext
from workers.outcomes import finish
from workers.services import Services

log = logging.getLogger(__name__)
FINAL_STATES = frozenset({"done", "failed", "expired", "rejected", "cancelled"})


def run_command(ref: str, command: dict, attempt: int = 1) -> str:
    """Run the command of ``ref``; failures propagate to ``workers.failure``."""
    svc = Services.for_connection(get_current_job().connection)
    record = svc.refs.get(ref)
    if record is None:
        log.warning("ref %s has no record (expired?); nothing to do", ref)
        return "missing"
    if record.get("state") in FINAL_STATES:
        log.info("ref %s is already %s; not running it again", ref, record["state"])
        return record["state"]
    job = JobContext(ref, Command.from_dict(command), record, attempt)
    svc.refs.update(ref, state="running", attempt=attempt)
    try:
        message = HANDLERS[job.command.name](svc, job)
    except QuotaExhausted as quota:
        return defer(svc, job, quota.resets_in)
    finish(svc, job.record, message, "done")
    return "done"


def defer(svc: Services, job: JobContext, resets_in: int) -> str:
    """Run the command again once Toggl's quota resets, and say when."""
    deferrals = int(job.record.get("deferrals") or 0) + 1
    enqueue_command(svc.queue, job.ref, job.command.to_dict(), suffix=f"-d{deferrals}",
                    delay=timedelta(seconds=resets_in + 1), attempt=job.attempt)
    svc.refs.update(job.ref, state="deferred", deferrals=deferrals,
                    detail=f"waiting {resets_in} s for Toggl's hourly quota")
    svc.slack.respond(job.record.get("response_url", ""),
                      interim.deferred(job.ref, job.record.get("summary", ""), resets_in),
                      user_id=job.user_id)
    return "deferred"
