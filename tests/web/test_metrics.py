"""``GET /metrics`` (SPEC §16): the bearer token, and the counts after a scripted session through a
real gunicorn (two workers) and a real rq worker sharing ``PROMETHEUS_MULTIPROC_DIR``.

The multiprocess session runs the web side in a subprocess too: prometheus_client picks its
multiprocess mode when a process starts (``bot/metrics.py``), and this test process runs without it.
"""
from __future__ import annotations

import dataclasses
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from bot.parser import parse
from fakes.slack_requests import SlashCommand, post_signed
from tests.conftest import ADMIN, MEMBER, SIGNING_SECRET, WorkerProcess
from tests.processes import WebProcess
from tests.support import BotDriver, Sent

TOKEN = "metrics-token-0123456789"
Samples = dict[tuple[str, frozenset], float]


def samples_of(text: str) -> Samples:
    """``{(sample name, labels): value}`` of a Prometheus text page."""
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def series(samples: Samples, name: str) -> dict[frozenset, float]:
    """Every labelled sample of ``name``, by its labels."""
    return {labels: number for (sample, labels), number in samples.items() if sample == name}


# ----------------------------------------------------------------------- in-process, one process
def test_without_a_token_set_metrics_are_open_and_count_this_process(bot: BotDriver) -> None:
    before = samples_of(bot.http.get("/metrics").get_data(as_text=True))
    bot.command("frobnicate the widgets")
    response = bot.http.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    after = samples_of(response.get_data(as_text=True))
    invalid = {"command": "unknown", "outcome": "invalid"}
    assert value(after, "togglbot_commands_total", **invalid) == value(before, "togglbot_commands_total", **invalid) + 1
    assert value(after, "togglbot_ack_seconds_count") == value(before, "togglbot_ack_seconds_count") + 1
    assert ("togglbot_open_approvals", frozenset()) in after


def test_with_a_token_set_metrics_need_it_as_a_bearer_token(settings, slack, toggl) -> None:
    http = create_app(dataclasses.replace(settings, metrics_token=TOKEN)).test_client()
    assert http.get("/metrics").status_code == 401
    assert http.get("/metrics").headers["WWW-Authenticate"].startswith("Bearer")
    for wrong in (f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer ", f"Bearer {TOKEN[:-1]}"):
        response = http.get("/metrics", headers={"Authorization": wrong})
        assert response.status_code == 401 and b"togglbot" not in response.data
    response = http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and b"togglbot_open_approvals" in response.data


# ---------------------------------------------------------- gunicorn + rq worker, multiprocess
class Session:
    """A real gunicorn (two workers) and rq worker writing to one PROMETHEUS_MULTIPROC_DIR."""

    def __init__(self, env: dict[str, str], tmp_path: Path, slack):
        self.metrics_dir = tmp_path / "prometheus"
        env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir), "TOGGLBOT_METRICS_TOKEN": TOKEN}
        self.web = WebProcess(env, tmp_path / "web.log", workers=2)
        self.worker = WorkerProcess(env, tmp_path / "worker.log")
        self.slack = slack

    def command(self, text: str, user: str = ADMIN) -> Sent:
        slash = SlashCommand(text=text, user_id=user, response_url=self.slack.new_response_url(),
                             people=self.slack.people())
        response = post_signed(self.web.url, SIGNING_SECRET, slash.body())
        return Sent(response.status_code, response.json(), str(slash.response_url), str(slash.trigger_id))

    def scrape(self) -> Samples:
        response = requests.get(self.web.url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
        assert response.status_code == 200, response.text
        return samples_of(response.text)

    def scrape_until(self, holds, timeout: float = 30.0) -> Samples:
        """Scrape until ``holds(samples)``; the last scrape."""
        deadline = time.monotonic() + timeout
        while True:
            samples = self.scrape()
            if holds(samples) or time.monotonic() > deadline:
                return samples
            time.sleep(0.1)


@pytest.fixture
def session(env, tmp_path, slack) -> Iterator[Session]:
    session = Session(env, tmp_path, slack)
    try:
        session.worker.start()
        session.web.start()
        yield session
    finally:
        session.web.stop()
        session.worker.stop()


def test_a_scripted_session_is_counted_across_web_workers_and_work_horses(session: Session, toggl, slack) -> None:
    admin, org = toggl.demo["admin_token"], toggl.demo["org"]["id"]
    toggl.set_quota(admin, remaining=500, resets_in=3600, organization_id=org)
    toggl.fail_next(429)  # the first request is rate limited (the bot holds the token 5 s, then retries)
    remind = "reminder add 6h daily cat@acme.test"
    name = parse(remind).command.name

    write = session.command(remind)
    assert write.ack_text.startswith("⏳"), write.ack_text
    assert session.command("frobnicate the widgets").ack_text
    assert session.command("user remove cat@acme.test", user=MEMBER).ack_text.startswith("🚫")
    assert session.command("help").status == 200
    approval = session.command("user remove dan@acme.test")
    assert approval.ack_text.startswith("🛂"), approval.ack_text
    [done] = slack.wait_for(lambda: slack.final_responses(write.response_url), timeout=30)
    assert done.body["text"].startswith("✅"), done.body["text"]

    waiting = session.scrape_until(lambda s: value(s, "togglbot_open_approvals") == 1)
    assert value(waiting, "togglbot_open_approvals") == 1
    assert session.command(f"cancel {approval.ref}").ack_text.startswith("✅ Withdrew")
    bad = requests.post(session.web.url + "/toggl/webhooks", data=b'{"event_id": 1}', timeout=10,
                        headers={"X-Webhook-Signature-256": "sha256=" + "0" * 64})
    assert bad.status_code == 401

    toggl.set_quota(admin, remaining=0, resets_in=1800, organization_id=org)  # the next write gets a 402
    deferred = session.command("reminder add 6h daily dan@acme.test")
    slack.wait_for(lambda: [r for r in slack.responses_for(deferred.response_url)
                            if r.body["text"].startswith("⏸")], timeout=30)

    def sent_by_method_and_status(samples: Samples) -> Counter:
        return Counter({(labels["method"], labels["status"]): number for labels, number in
                        ((dict(key), n) for key, n in series(samples, "togglbot_toggl_requests_total").items())})

    recorded = Counter((r.method, str(r.status) if r.status else "none") for r in toggl.requests)
    # a job's duration is counted when it ends, a moment after the message it posted last
    final = session.scrape_until(lambda s: sent_by_method_and_status(s) == recorded
                                 and value(s, "togglbot_open_approvals") == 0
                                 and value(s, "togglbot_job_seconds_count", command=name) == 2
                                 and value(s, "togglbot_job_seconds_count", command="user.remove") == 1)

    # every Toggl request the fake saw, by method and status, the 429 and the 402 among them
    assert sent_by_method_and_status(final) == recorded
    assert recorded[("GET", "429")] + recorded[("POST", "429")] == 1 and sum(recorded.values()) >= 4
    assert value(final, "togglbot_toggl_rate_limited_total") == 1
    assert recorded[("POST", "402")] + recorded[("GET", "402")] == 1
    assert value(final, "togglbot_quota_deferrals_total") == 1
    assert value(final, "togglbot_toggl_quota_remaining", organization=str(org)) == 0
    # each command once at its ack, each queued one once at its end
    assert {tuple(sorted(dict(k).items())): n for k, n in series(final, "togglbot_commands_total").items()} == {
        (("command", name), ("outcome", "queued")): 2,
        (("command", "unknown"), ("outcome", "invalid")): 1,
        (("command", "user.remove"), ("outcome", "refused")): 1,
        (("command", "help"), ("outcome", "answered")): 1,
        (("command", "user.remove"), ("outcome", "approval_requested")): 1,
        (("command", "cancel"), ("outcome", "answered")): 1,
    }
    assert value(final, "togglbot_commands_finished_total", command=name, outcome="done") == 1
    assert value(final, "togglbot_commands_finished_total", command="user.remove", outcome="cancelled") == 1
    assert value(final, "togglbot_ack_seconds_count") == 7
    assert value(final, "togglbot_job_seconds_count", command=name) == 2  # done, then deferred
    assert value(final, "togglbot_job_seconds_count", command="user.remove") == 1  # planned, then waiting
    assert value(final, "togglbot_webhook_events_total", outcome="bad_signature") == 1
    assert value(final, "togglbot_open_approvals") == 0

    # whichever gunicorn worker answers, the same merged counts
    counts = [series(session.scrape(), "togglbot_commands_total") for _ in range(6)]
    assert all(count == counts[0] for count in counts)
    # the work horses (one per job) took turns on one set of files: a few files per process, not per job
    names = {path.stem.rsplit("_", 1)[-1] for path in session.metrics_dir.glob("*.db")}
    assert len([n for n in names if n.endswith("-horse")]) == 1, names
    assert len(names) <= 4, names  # two web workers, the rq worker, its horses
