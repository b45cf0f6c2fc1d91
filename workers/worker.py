"""``rq worker -w workers.worker.BotWorker``: RQ's worker, quicker to notice dead jobs."""
from __future__ import annotations

import logging
from typing import Any

from rq import Worker

from bot.logs import install_redaction
from bot.settings import load_or_exit
from workers.allowed_jobs import AllowListJob
from workers.digest import schedule_next
from workers.failure import WorkerDied, on_job_failure
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


class BotWorker(Worker):
    """Checks settings at start, builds the process's services once (work horses inherit
    them), and reports jobs whose work horse was killed."""

    def __init__(self, *args: Any, **kwargs: Any):
        settings = load_or_exit()
        install_redaction(settings)
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

    def get_heartbeat_ttl(self, job: Any) -> int:
        """Shorter than RQ's (+60 s), so abandoned jobs are found sooner."""
        return super().get_heartbeat_ttl(job) - 60 + HEARTBEAT_GRACE

    def handle_work_horse_killed(self, job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
        """RQ calls no failure callback for a killed horse; report or retry it here."""
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        try:
            on_job_failure(job, self.connection, WorkerDied, WorkerDied(f"exit status {ret_val}"), None)
        except Exception:  # never take the worker down with the report
            log.exception("could not report killed job %s", job.id)
