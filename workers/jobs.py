"""The RQ job: run one accepted command and post its one final message."""
from __future__ import annotations

import logging
import time
from datetime import timedelta

from rq import get_current_job

from bot import metrics
from bot.catalogue import Command
from bot.jobqueue import enqueue_command
from bot.logs import log_fields
from bot.refs import RefRecord, State
from toggl.errors import QuotaExhausted
from workers import lookups
from workers.changes.flow import run_change
from workers.errors import QuotaGaveUp
from workers.handlers import HANDLERS
from workers.job import JobContext
from workers.messages import failures, interim
from workers.outcomes import finish
from workers.services import Services, services_for

log = logging.getLogger(__name__)
DEFER_AT_LEAST = 60  # seconds, also when Toggl says the quota resets in 0 s
GIVE_UP_AFTER = 24 * 3600


def run_command(ref: str, command: dict, attempt: int = 1) -> str:
    """Run the command of ``ref``: a read answers at once; a change is planned, approved if it must
    be, and applied. Failures propagate to ``workers.failure``."""
    svc = services_for(get_current_job().connection)
    record = svc.refs.get(ref)
    if record is None:
        log.warning("ref %s has no record (expired?); nothing to do", ref)
        return "missing"
    log_fields(ref=ref, action=record.action, user_id=record.user_id)  # the job's lines from here on (BotWorker)
    if record.final or record.state == State.AWAITING_APPROVAL:
        log.info("ref %s is %s; not running it now", ref, record.state)
        return record.state
    parsed = Command.from_dict(command)
    with metrics.JOB_SECONDS.labels(command=parsed.name).time():  # failures and deferrals included
        svc.refs.update(ref, state=State.RUNNING, attempt=attempt)
        try:
            workspace_id = lookups.resolve_workspace_id(svc, parsed.workspace_id) if parsed.spec.takes_ws else 0
            job = JobContext(ref, parsed, record, attempt, workspace_id)
            message = run_change(svc, job) if parsed.spec.change else HANDLERS[parsed.name](svc, job)
        except QuotaExhausted as quota:
            return defer(svc, svc.refs.get(ref) or record, parsed, attempt, quota.resets_in)
        if message is None:
            return State.AWAITING_APPROVAL
        finish(svc, svc.refs.get(ref) or record, message, State.DONE)
        return State.DONE


def defer(svc: Services, record: RefRecord, command: Command, attempt: int, resets_in: int) -> str:
    """Run the command again once Toggl's quota resets (at least a minute later); say so once;
    give up after a day of waiting."""
    now = time.time()
    since = record.deferred_since or now
    if now - since >= GIVE_UP_AFTER:
        reason = failures.for_command_failed(QuotaGaveUp())
        finish(svc, record, failures.failed(record.ref, record.summary or command.name, reason), State.FAILED,
               reason)
        return State.FAILED
    wait = max(DEFER_AT_LEAST, resets_in + 1)
    deferrals = record.deferrals + 1
    metrics.QUOTA_DEFERRALS.inc()
    enqueue_command(svc.queue, record.ref, command.to_dict(), suffix=f"-d{deferrals}",
                    delay=timedelta(seconds=wait), attempt=attempt)
    svc.refs.update(record.ref, state=State.DEFERRED, deferrals=deferrals, deferred_since=since,
                    detail=f"waiting {wait} s for Toggl's hourly quota")
    if deferrals == 1:
        svc.slack.respond(record.response_url, interim.deferred(record.ref, record.summary, wait),
                          user_id=record.user_id)
    return State.DEFERRED
