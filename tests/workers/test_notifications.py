"""Toggl events as lines, the caches they make stale, and the daily digest (direct and through RQ's
scheduler)."""
from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot.jobqueue import POST_DIGEST, enqueue_task
from bot.refs import RefRecord, State
from tests.support import scheduled_in
from workers import lookups
from workers.audit import AuditLog
from workers.digest import next_time, schedule_next, send_digest
from workers.messages.notifications import event_line
from workers.notifications import notify

PEOPLE = {1001: "Ann Admin", 1003: "Cat Coder"}


def event(model: str, action: str, payload, who="1001") -> dict:
    return {"event_id": 900001, "subscription_id": 50001, "creator_id": int(who or 0), "payload": payload,
            "metadata": {"model": model, "action": action, "event_user_id": who, "workspace_id": "9001"}}


@pytest.mark.parametrize(("sent", "line"), [
    (event("workspace_user", "updated", {"id": 5003, "name": "Cat Coder"}),
     "🔔 Acme HQ: Ann Admin changed workspace member “Cat Coder” (id 5003) in Toggl"),
    (event("project", "created", {"id": 4009, "name": "Apollo"}),
     "🔔 Acme HQ: Ann Admin created project “Apollo” (id 4009) in Toggl"),
    (event("time_entry", "deleted", {"id": 77, "description": "Design review"}, who="1003"),
     "🔔 Acme HQ: Cat Coder deleted time entry “Design review” (id 77) in Toggl"),
    (event("project_user", "created", {"id": 20009, "user_id": 1003}),
     "🔔 Acme HQ: Ann Admin created project member “Cat Coder” (id 20009) in Toggl"),
    (event("invoice", "archived", {"id": 5}, who="4242"),
     "🔔 Acme HQ: Toggl user 4242 archived invoice (id 5) in Toggl"),
    ({"event_id": 3, "payload": "odd"}, "🔔 Acme HQ: someone changed item in Toggl"),
])
def test_each_event_is_one_line_in_words(sent, line) -> None:
    assert event_line(sent, PEOPLE, "Acme HQ") == line


def test_names_from_toggl_are_escaped_and_kept_on_one_line() -> None:
    line = event_line(event("client", "created", {"id": 1, "name": "<!channel>\n*FORGED* & co"}), PEOPLE, "<b>")
    assert "<" not in line and "\n" not in line and "&amp; co" in line


def test_an_outside_change_drops_the_cached_look_ups_it_makes_stale(services, toggl) -> None:
    wid = toggl.demo["workspace"]["id"]
    lookups.workspace_users(services, wid)
    notify(services, event("workspace_user", "updated", {"id": 5003}, who=str(toggl.demo["users"][2]["id"])))
    assert services.cache.get(lookups.key(wid, "workspace_users")) is None


def test_the_bots_own_change_leaves_its_written_through_cache_alone(services, toggl) -> None:
    wid = toggl.demo["workspace"]["id"]
    lookups.workspace_users(services, wid)
    me = lookups.service_user_id(services)
    notify(services, event("workspace_user", "updated", {"id": 5003}, who=str(me)))
    assert services.cache.get(lookups.key(wid, "workspace_users")) is not None


# ------------------------------------------------------------------ digest
@pytest.fixture
def digest_services(services, settings):
    services.settings = dataclasses.replace(settings, notify_channel="C0AUDIT", digest_at=(8, 30))
    return services


def test_the_digest_lists_the_days_changes_open_requests_and_quota(digest_services, slack) -> None:
    svc, now = digest_services, time.time()
    AuditLog(svc.redis).record({"ref": "abc234", "action": "user.set", "outcome": "✅ Updated Cat", "at": now - 60})
    AuditLog(svc.redis).record({"ref": "old234", "action": "user.set", "outcome": "✅", "at": now - 2 * 86400})
    svc.refs.create(RefRecord("def567", user_id="U0ADMIN1", command={"name": "user.remove"},
                              summary="remove dan@acme.test from the workspace", action="user.remove",
                              state=State.AWAITING_APPROVAL, expires_at=now + 3600))
    svc.refs.open_approval("def567")
    assert send_digest(svc, now) == "posted"
    [posted] = [m for m in slack.messages if m["channel"] == "C0AUDIT"]
    text = posted["text"]
    assert "`user.set` × 1: ref abc234 (done)" in text and "old234" not in text
    assert "*Waiting for approval* — 1" in text and "ref def567: remove dan@acme.test" in text
    assert "organization " in text and " left, resets in " in text


def test_the_next_digest_is_at_the_configured_time_in_utc() -> None:
    after = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
    assert next_time(after, 8, 30) == datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)
    assert next_time(after, 9, 30) == datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)


def test_a_day_gets_one_digest_job_however_many_workers_schedule_it(digest_services, redis) -> None:
    first, second = schedule_next(digest_services), schedule_next(digest_services)
    assert first == second and first.startswith("digest-")
    expected = next_time(datetime.now(timezone.utc), 8, 30) - datetime.now(timezone.utc)
    assert abs(scheduled_in(redis, first) - expected.total_seconds()) < 5


def test_the_digest_runs_through_rqs_scheduler_and_queues_the_next(digest_env, worker, redis, slack,
                                                                   services) -> None:
    today = datetime.now(timezone.utc)
    enqueue_task(services.queue, POST_DIGEST, f"{today:%Y-%m-%d}", job_id="digest-now", delay=timedelta(seconds=2))
    posted = slack.wait_for(lambda: [m for m in slack.messages if m["channel"] == "C0AUDIT"], timeout=30)
    assert posted[0]["text"].startswith("*Toggl Ops Bot — the 24 hours to ")
    tomorrow = next_time(today + timedelta(minutes=1), 8, 30)
    assert redis.zscore("rq:scheduled:togglbot", f"digest-{tomorrow:%Y-%m-%d}") is not None


@pytest.fixture
def digest_env(env, monkeypatch):
    for name, value in {"TOGGLBOT_NOTIFY_CHANNEL": "C0AUDIT", "TOGGLBOT_DIGEST_AT": "08:30"}.items():
        monkeypatch.setenv(name, value)
        env[name] = value
    return env
