"""Quota deferrals (SPEC §12): at least a minute, one ⏸ note, and a day at most."""
from __future__ import annotations

import time

from bot.refs import State
from tests.support import scheduled_in
from workers.jobs import defer


def test_a_deferral_waits_at_least_a_minute_even_when_toggl_says_zero(services, job_for, slack, redis) -> None:
    job = job_for("users")
    services.refs.update(job.ref, response_url=slack.new_response_url())
    assert defer(services, services.refs.get(job.ref), job.command, 1, resets_in=0) == State.DEFERRED
    assert 58 <= scheduled_in(redis, f"cmd-{job.ref}-d1") <= 61


def test_a_deferral_waits_for_the_reset_when_that_is_later(services, job_for, slack, redis) -> None:
    job = job_for("users")
    services.refs.update(job.ref, response_url=slack.new_response_url())
    defer(services, services.refs.get(job.ref), job.command, 1, resets_in=900)
    assert 898 <= scheduled_in(redis, f"cmd-{job.ref}-d1") <= 902


def test_only_the_first_deferral_tells_the_requester(services, job_for, slack) -> None:
    job = job_for("users")
    url = slack.new_response_url()
    services.refs.update(job.ref, response_url=url)
    for _ in range(3):
        defer(services, services.refs.get(job.ref), job.command, 1, resets_in=60)
    [note] = slack.responses_for(url)
    assert note.body["text"].startswith("⏸ Toggl's hourly request quota is used up")
    assert services.refs.get(job.ref).deferrals == 3


def test_after_a_day_of_waiting_the_job_gives_up_with_one_failure(services, job_for, slack) -> None:
    job = job_for("users")
    url = slack.new_response_url()
    services.refs.update(job.ref, response_url=url, deferred_since=time.time() - 24 * 3600 - 1)
    assert defer(services, services.refs.get(job.ref), job.command, 1, resets_in=60) == State.FAILED
    [result] = slack.responses_for(url)
    assert result.body["text"].startswith("❌") and "stayed used up for a whole day" in result.body["text"]
    assert services.refs.get(job.ref).state == State.FAILED
