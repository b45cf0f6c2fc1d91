"""Worker-side unit tests: handlers, look-ups and outcomes called directly, against the fakes.

No RQ worker runs here: ``run_handler`` does what ``workers.jobs.run_command``
does for a job (record, workspace, handler) in the test's own process.
"""
from __future__ import annotations

from typing import Callable

import pytest

from bot.parser import parse
from bot.refs import RefRecord, RefStore, State, ref_for
from bot.settings import Settings
from tests.conftest import ADMIN
from workers import lookups
from workers.changes.flow import run_change
from workers.handlers import HANDLERS
from workers.job import JobContext
from workers.services import Services, install


@pytest.fixture
def services(settings: Settings, redis, toggl, slack) -> Services:
    """The worker's services on the test Redis, the Toggl fake and the Slack fake."""
    svc = Services(settings, redis)
    install(svc)
    return svc


@pytest.fixture
def job_for(services: Services) -> Callable[..., JobContext]:
    """``job_for("user show cat@acme.test")``: the job a worker would run for that text."""
    counter = iter(range(100_000))

    def make(text: str, user: str = ADMIN, attempt: int = 1) -> JobContext:
        command = parse(text).command
        ref = ref_for(f"unit-test-{next(counter)}")
        services.refs.create(RefRecord(ref, user_id=user, command=command.to_dict(), summary=command.summary,
                                       action=command.action or command.name, state=State.RUNNING))
        workspace_id = lookups.resolve_workspace_id(services, command.workspace_id) if command.spec.takes_ws else 0
        return JobContext(ref, command, RefStore(services.redis).get(ref), attempt, workspace_id)

    return make


@pytest.fixture
def run_handler(services: Services, job_for) -> Callable[..., dict | None]:
    """``run_handler("users cat")``: the message a worker would finish the job with (a change is
    planned and applied; None when it waits for approval)."""
    def run(text: str, user: str = ADMIN) -> dict | None:
        job = job_for(text, user)
        if job.command.spec.change:
            return run_change(services, job)
        return HANDLERS[job.command.name](services, job)

    return run
