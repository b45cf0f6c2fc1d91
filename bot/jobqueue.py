"""The RQ queue as both processes use it: JSON jobs that carry ids and parsed commands.

Jobs name their function by a dotted path (the web process must not import
worker code); every path the bot enqueues is one of the constants below.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from redis import Redis
from redis.client import Pipeline
from rq import Callback, Queue
from rq.serializers import JSONSerializer

from bot.refs import job_id_for

RUN_COMMAND = "workers.jobs.run_command"
ON_FAILURE = "workers.failure.on_job_failure"
AFTER_DECISION = "workers.approvals.after_decision"
EXPIRE_REQUEST = "workers.approvals.expire_request"
TELL = "workers.approvals.tell"
POST_EVENT = "workers.notifications.post_event"
POST_DIGEST = "workers.digest.post_digest"
TELL_USER = "workers.approvals.tell_user"
PUBLISH_HOMES = "workers.home.publish_homes"
LOAD_LOOKUPS = "workers.home.load_lookups"
JOB_FUNCTIONS = frozenset({RUN_COMMAND, AFTER_DECISION, EXPIRE_REQUEST, TELL, POST_EVENT, POST_DIGEST, TELL_USER,
                           PUBLISH_HOMES, LOAD_LOOKUPS})
JOB_TIMEOUT = 600
RESULT_TTL = 86400
FAILURE_TTL = 7 * 86400


def make_queue(redis: Redis, name: str) -> Queue:
    """The bot's queue, JSON-serialised (never pickle)."""
    return Queue(name, connection=redis, serializer=JSONSerializer)


def enqueue_command(queue: Queue, ref: str, command: dict[str, Any], *, suffix: str = "",
                    delay: timedelta | None = None, attempt: int = 1, pipeline: Pipeline | None = None):
    """Queue ``run_command(ref, command, attempt)`` under the ref's job id, now or after
    ``delay``; with ``pipeline``, the job is written when the caller executes it."""
    options = dict(job_id=job_id_for(ref, suffix), on_failure=Callback(ON_FAILURE),
                   job_timeout=JOB_TIMEOUT, result_ttl=RESULT_TTL, failure_ttl=FAILURE_TTL,
                   description=f"{command['name']} ref {ref}", pipeline=pipeline)
    if delay is not None:
        return queue.enqueue_in(delay, RUN_COMMAND, ref, command, attempt, **options)
    return queue.enqueue(RUN_COMMAND, ref, command, attempt, **options)


def enqueue_task(queue: Queue, func: str, *args: Any, job_id: str | None = None,
                 delay: timedelta | None = None, pipeline: Pipeline | None = None):
    """Queue a helper job (cards, notices, expiry): one of the bot's job functions, JSON arguments."""
    if func not in JOB_FUNCTIONS:
        raise ValueError(f"{func} is not one of the bot's job functions")
    options = dict(job_id=job_id, job_timeout=120, result_ttl=3600, failure_ttl=FAILURE_TTL,
                   pipeline=pipeline, description=func.rsplit(".", 1)[1])  # never the arguments: logs show it
    if delay is not None:
        return queue.enqueue_in(delay, func, *args, **options)
    return queue.enqueue(func, *args, **options)
