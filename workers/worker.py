"""``rq worker -w workers.worker.BotWorker``: RQ's worker, quicker to notice dead jobs."""
from __future__ import annotations

import logging
import os
from typing import Any

from rq import Worker

from bot import metrics
from bot.jobqueue import AFTER_DECISION, EXPIRE_REQUEST, RUN_COMMAND
from bot.logs import configure_logging, log_context
from bot.settings import load_or_exit
from workers.allowed_jobs import AllowListJob
from workers.digest import schedule_next
from workers.failure import WorkerDied, on_job_failure, user_mistake
from workers.patient_redis import WaitsForRedis
from workers.services import Services, install

log = logging.getLogger(__name__)
# A job whose worker vanished is noticed when its heartbeat lapses and a worker
# cleans the registries. RQ waits 60 s past the heartbeat and cleans at most
# every 10 minutes, and only between blocking dequeues (worker_ttl - 15 s long).
# SPEC §8 wants orphans handled within 2 minutes, so all three are shortened:
# worst case ≈ 15 s heartbeat + 20 s grace + 30 s dequeue + 30 s maintenance.
HEARTBEAT_GRACE = 20
MAINTENANCE_INTERVAL = 30
MONITORING_INTERVAL = 15
WORKER_TTL = 45
REF_FIRST = frozenset({RUN_COMMAND, AFTER_DECISION, EXPIRE_REQUEST})  # job functions whose first argument is a ref


class BotWorker(WaitsForRedis, Worker):
    """Checks settings at start, builds the process's services once (work horses inherit
    them), reports jobs whose work horse was killed, and waits out Redis outages
    (``workers/patient_redis.py``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        settings = load_or_exit()
        configure_logging(settings)  # after `rq worker` set up its own handlers: replaces them
        kwargs["maintenance_interval"] = MAINTENANCE_INTERVAL
        kwargs["job_monitoring_interval"] = MONITORING_INTERVAL
        kwargs["worker_ttl"] = WORKER_TTL
        kwargs.pop("default_worker_ttl", None)
        kwargs["job_class"] = AllowListJob  # whatever --job-class says: only the bot's own functions
        super().__init__(*args, **kwargs)
        services = Services(settings, self.connection)
        install(services)
        try:
            schedule_next(services)  # the next daily digest, if one is configured (once a day, however many start)
        except Exception:  # Redis may not be up yet: the worker's own connection handling reports that
            log.exception("could not schedule the daily digest")

    def main_work_horse(self, job: Any, queue: Any) -> None:
        """In the forked work horse: take over the metrics files of this worker's horses (one horse
        at a time), instead of leaving a set of files per job (bot/metrics.py)."""
        metrics.as_work_horse(os.getppid())
        super().main_work_horse(job, queue)

    def perform_job(self, job: Any, queue: Any) -> bool:
        """In the work horse: every line logged for the job (RQ's too) carries its ref; ``run_command``
        adds the action and the user."""
        with log_context(**job_log_fields(job)):
            return super().perform_job(job, queue)

    def handle_exception(self, job: Any, *exc_info: Any) -> None:
        """RQ's exception handling, but RQ logs every failed job's traceback at ERROR inside its message. A
        user mistake (``workers.failure.user_mistake``), already answered with its ``❌``, is one INFO line;
        anything else is logged at ERROR with its traceback as the record's exception (``exc`` in JSON)."""
        mistake = user_mistake(exc_info[1])
        if mistake is not None:
            log.info("user mistake: %s", mistake)
        else:
            log.error("job %s (%s) failed", job.id, _function_of(job), exc_info=tuple(exc_info))
        for handler in self._exc_handlers:  # as RQ walks them: one that returns a false value (not None) stops
            fallthrough = handler(job, *exc_info)
            if fallthrough is not None and not fallthrough:
                break

    def get_heartbeat_ttl(self, job: Any) -> int:
        """Shorter than RQ's (+60 s), so abandoned jobs are found sooner."""
        return super().get_heartbeat_ttl(job) - 60 + HEARTBEAT_GRACE

    def handle_work_horse_killed(self, job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
        """RQ calls no failure callback for a killed horse; report or retry it here."""
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        with log_context(**job_log_fields(job)):
            try:
                on_job_failure(job, self.connection, WorkerDied, WorkerDied(f"exit status {ret_val}"), None)
            except Exception:  # never take the worker down with the report
                log.exception("could not report killed job %s", job.id)


def _function_of(job: Any) -> str:
    try:
        return job.func_name
    except Exception:  # a job whose data cannot be read
        return "unreadable job"


def job_log_fields(job: Any) -> dict[str, str]:
    """``{"ref": ...}`` for a job about a ref, for its log lines; ``{}`` for any other (or unreadable) job."""
    try:
        name, args = job.func_name, job.args
    except Exception:  # a job that cannot be read is reported by RQ
        return {}
    if name in REF_FIRST and args and isinstance(args[0], str):
        return {"ref": args[0]}
    return {}
