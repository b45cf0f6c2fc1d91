"""The audit feed end to end: what reaches ``TOGGLBOT_NOTIFY_CHANNEL`` for each kind of command.

One line per executed change (done or failed, with the reason) and one per approval decision
(approved, rejected); nothing for typos, refusals, invalid values, reads, previews, or requests that
expired or were withdrawn.
"""
from __future__ import annotations

import time

import pytest

from app import create_app
from bot.settings import Settings
from tests.conftest import ADMIN, ADMIN2, MEMBER, SIGNING_SECRET
from tests.support import BotDriver
from tests.workers.test_approvals_flow import ask, wait_state

AUDIT = "C0AUDIT"


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The default approvals, and an audit channel."""
    monkeypatch.setenv("TOGGLBOT_NOTIFY_CHANNEL", AUDIT)
    return {**env, "TOGGLBOT_NOTIFY_CHANNEL": AUDIT}


def feed(slack) -> list[str]:
    """The lines posted to the audit channel so far, oldest first."""
    return [c.args["text"] for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == AUDIT]


def feed_of(slack, count: int) -> list[str]:
    """The first ``count`` lines of the feed, once there are that many."""
    return slack.wait_for(lambda: feed(slack)[:count] if len(feed(slack)) >= count else None)


def entries(redis) -> list[dict[str, str]]:
    """The audit stream, oldest first."""
    return [{k.decode(): v.decode() for k, v in fields.items()} for _, fields in redis.xrange("togglbot:audit")]


def test_typos_refusals_invalid_values_reads_and_previews_reach_no_one(bot, worker, slack, redis) -> None:
    assert bot.command("usres").ack_text.startswith("⚠️")  # a typo
    assert bot.command("user deactivate dan@acme.test", user=MEMBER).ack_text.startswith("🚫")  # refused
    assert bot.command("user set cat@acme.test rate=abc").ack_text.startswith("⚠️")  # an invalid value
    assert bot.result(bot.command("users"))["text"]  # a read
    assert "Nothing was changed." in bot.result(bot.command("preview user set cat@acme.test rate=90"))["text"]
    change = bot.command("user set cat@acme.test rate=85")
    assert bot.result(change)["text"].startswith("✅")
    # the one worker runs jobs in order: once the change's line is there, the read and the preview are done
    [line] = feed_of(slack, 1)
    assert line == (f"📝 <@{ADMIN}> · Cat Coder (cat@acme.test): billable rate 45.00 → 85.00 EUR · ✅ done "
                    f"(ref {change.ref})")
    time.sleep(0.3)
    assert feed(slack) == [line]
    [entry] = entries(redis)
    assert entry["ref"] == change.ref and entry["state"] == "done" and "reason" not in entry


def test_a_failed_change_says_why_in_a_few_words(bot, worker, slack, redis) -> None:
    unknown = bot.command("client rename Glbx Foo")  # no such client: the plan cannot be made
    assert bot.result(unknown)["text"].startswith("❌")
    refused = bot.command("client rename Globex Initech")  # Toggl answers 400: the name is taken
    assert bot.result(refused)["text"].startswith("❌")
    first, second = feed_of(slack, 2)
    # no plan: the summary says what was asked; the reason is the first clause of the ❌ message
    assert first.startswith(f"📝 <@{ADMIN}> · rename client “Glbx” to “Foo” · ❌ failed: ")
    assert "“Glbx”" in first.split("❌ failed: ")[1] and first.endswith(f"(ref {unknown.ref})")
    assert "Could not" not in first and "`/toggl" not in first  # neither the headline nor the hint
    assert second == (f"📝 <@{ADMIN}> · client Globex: name “Globex” → “Initech” · ❌ failed: Toggl refused it: "
                      f"“Client with this name already exists.” (ref {refused.ref})")
    reasons = {entry["ref"]: entry.get("reason") for entry in entries(redis)}
    assert reasons[refused.ref] == "Toggl refused it: “Client with this name already exists.”"
    assert "“Glbx”" in reasons[unknown.ref]
    status = bot.command(f"status {refused.ref}").ack_text
    assert status.startswith(f"ref {refused.ref} · client Globex: name “Globex” → “Initech” · ❌ failed ")
    assert status.endswith(": Toggl refused it: “Client with this name already exists.”")


def test_decisions_get_a_line_and_withdrawn_requests_none(bot, worker, slack, redis) -> None:
    approved, approved_card = ask(bot, "user remove dan@acme.test")
    rejected, rejected_card = ask(bot, "user set cat@acme.test role=admin")
    withdrawn, _ = ask(bot, "workspace set rounding=up")
    bot.click("approval_approve", approved.ref, ADMIN2, approved_card)
    bot.click("approval_reject", rejected.ref, ADMIN2, rejected_card)
    assert bot.command(f"cancel {withdrawn.ref}").ack_text.startswith("✅")
    for ref, state in ((approved.ref, "done"), (rejected.ref, "rejected"), (withdrawn.ref, "cancelled")):
        wait_state(redis, ref, state)
    lines = feed_of(slack, 3)
    assert lines == [
        f"🛂 <@{ADMIN2}> approved ref {approved.ref} (<@{ADMIN}>'s remove dan@acme.test from the workspace)",
        f"📝 <@{ADMIN}> · Dan Designer (dan@acme.test): membership member → removed · approved by <@{ADMIN2}> · "
        f"✅ done (ref {approved.ref})",
        f"🛂 <@{ADMIN2}> rejected ref {rejected.ref} (<@{ADMIN}>'s update cat@acme.test: role admin)",
    ]
    time.sleep(0.5)
    assert feed(slack) == lines  # nothing for the withdrawn request
    assert [entry["ref"] for entry in entries(redis)] == [approved.ref]  # the stream holds executed changes


def test_an_expired_request_reaches_no_one(env, slack, toggl, redis, monkeypatch, tmp_path) -> None:
    from tests.conftest import WorkerProcess

    monkeypatch.setenv("TOGGLBOT_APPROVAL_TTL", "2s")
    short = {**env, "TOGGLBOT_APPROVAL_TTL": "2s"}
    bot = BotDriver(create_app(Settings.from_env(short)), slack, toggl, SIGNING_SECRET)
    worker = WorkerProcess(short, tmp_path / "worker.log")
    worker.start()
    try:
        sent, _ = ask(bot)
        wait_state(redis, sent.ref, "expired", timeout=30)
        slack.wait_for(lambda: bot.dms_to(ADMIN), timeout=20)  # the requester is told; the expiry job is over
        status = bot.command(f"status {sent.ref}").ack_text
        assert status.startswith(f"ref {sent.ref} · ") and "⌛ expired without a decision" in status
    finally:
        worker.stop()
    assert feed(slack) == [] and entries(redis) == []


def test_a_created_thing_is_named_by_the_id_toggl_gave_it(bot, worker, slack) -> None:
    sent = bot.command("reminder add 6h daily dan@acme.test")
    assert bot.result(sent)["text"].startswith("✅ Created a tracking reminder #")
    [line] = feed_of(slack, 1)
    assert line.startswith(f"📝 <@{ADMIN}> · new tracking reminder: threshold 6h; how often daily; ")
    assert " · ✅ done, #" in line and line.endswith(f"(ref {sent.ref})")
