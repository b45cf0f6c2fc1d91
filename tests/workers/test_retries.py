"""A job started again (its worker died, a deferral) never applies a change twice.

The plan and the step marks stored with the ref say what an earlier attempt
did; these tests set them up as a dead attempt would have left them.
"""
from __future__ import annotations

import dataclasses

import pytest

from tests.support import writes
from workers.changes.flow import make_plan, run_change


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


def first_attempt_dies_after_sending(services, job_for, text: str):
    """Plan and apply ``text``, then leave its step marked ``sending`` as a killed worker would."""
    job = job_for(text)
    run_change(services, job)
    record = services.refs.get(job.ref)
    services.refs.update(job.ref, progress={"0": {"state": "sending"}}, state="queued")
    return dataclasses.replace(job, record=services.refs.get(job.ref), attempt=2), record


@pytest.mark.parametrize("text", [
    "user remove dan@acme.test",
    "user deactivate dan@acme.test",
    "reminder add 6h daily cat@acme.test",
    "rate set cat@acme.test 70",
    'client rename Globex "Globex Corp"',
    "workspace set rounding=up",
])
def test_a_landed_step_is_read_back_and_not_sent_again(services, job_for, toggl, text) -> None:
    retry, _ = first_attempt_dies_after_sending(services, job_for, text)
    sent_before = len(writes(toggl))
    message = run_change(services, retry)
    assert len(writes(toggl)) == sent_before == 1
    assert message["text"].startswith("✅"), message["text"]


def test_a_step_that_never_left_is_sent_on_the_retry(services, job_for, toggl) -> None:
    job = job_for("user deactivate dan@acme.test")
    plan = make_plan(services, job)  # planned and marked, then the worker died before the request left
    services.refs.update(job.ref, plan=plan.to_dict(), progress={"0": {"state": "sending"}})
    message = run_change(services, dataclasses.replace(job, record=services.refs.get(job.ref), attempt=2))
    assert [w[0] for w in writes(toggl)] == ["PUT"] and message["text"].startswith("✅")


def test_a_done_step_is_skipped_and_the_result_comes_from_the_plan(services, job_for, toggl) -> None:
    job = job_for("user deactivate dan@acme.test")
    run_change(services, job)
    toggl.clear_requests()
    again = dataclasses.replace(job, record=services.refs.get(job.ref))
    message = run_change(services, again)
    assert toggl.requests == [] and "status active → deactivated" in message["text"]

