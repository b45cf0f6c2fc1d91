"""The failure path: every failed or orphaned job ends in exactly one ``❌`` message."""
from __future__ import annotations

import logging
from typing import Any

from redis import Redis
from rq.exceptions import AbandonedJobError

from bot.catalogue import Command
from bot.jobqueue import enqueue_command
from bot.refs import State
from toggl.errors import TogglError
from workers.errors import Ambiguous, CommandFailed, NotFound
from workers.messages import failures
from workers.outcomes import finish
from workers.services import services_for

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 2


class WorkerDied(Exception):
    """The process running the job was killed."""


def on_job_failure(job: Any, connection: Redis, exc_type: type, exc_value: BaseException,
                   traceback: Any) -> None:
    """RQ ``on_failure`` callback (also called for abandoned jobs and killed work horses)."""
    ref, command_data, attempt = (list(job.args) + [1])[:3]
    svc = services_for(connection)
    record = svc.refs.get(ref)
    if record is None:
        log.warning("failed job %s has no ref record", job.id)
        return
    command = Command.from_dict(command_data)
    if isinstance(exc_value, (AbandonedJobError, WorkerDied)):
        if attempt < MAX_ATTEMPTS:
            log.warning("ref %s: worker died on attempt %d; trying again", ref, attempt)
            enqueue_command(svc.queue, ref, command_data, suffix=f"-r{attempt}", attempt=attempt + 1)
            svc.refs.update(ref, state=State.QUEUED, detail="retrying: the previous worker stopped")
            return
        reason = failures.worker_died(attempt)
    else:
        reason = reason_for(exc_value, command)
    finish(svc, record, failures.failed(ref, record.summary or command.name, reason), State.FAILED, reason)


def user_mistake(error: BaseException) -> str | None:
    """What went wrong, in a few words, when ``error`` is an ordinary mistake the requester can put
    right (a name nobody has, a value the bot's guards or Toggl refuse with a 4xx, no connected token,
    …): logged as one INFO line. None for anything else, whose traceback is logged at ERROR."""
    if isinstance(error, (NotFound, Ambiguous)):
        return f"{type(error).__name__} {error.kind} {error.label}"
    if isinstance(error, CommandFailed):
        return f"{type(error).__name__} {error}".rstrip()
    # Toggl's 4xx refusals of the request; not 401 (the bot's own token) nor 429 (Toggl's load, after retries)
    if isinstance(error, TogglError) and error.refused and error.status not in (401, 429):
        return f"Toggl {error.status} {type(error).__name__}: {error.message}"
    return None


def reason_for(error: BaseException, command: Command) -> str:
    """The plain-words reason for an exception raised by a handler."""
    if isinstance(error, CommandFailed):
        return failures.for_command_failed(error)
    if isinstance(error, TogglError):
        return failures.for_toggl_error(error, command.name)
    log.error("unexpected error in %s: %r", command.name, error)
    return failures.unexpected()
