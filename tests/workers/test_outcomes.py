"""The end of a ref, called directly: one final message, where it goes, the card and the audit."""
from __future__ import annotations

import dataclasses

import pytest

from bot.messages.blocks import ephemeral, in_channel
from bot.parser import parse
from bot.refs import RefRecord, State
from tests.conftest import ADMIN, ADMIN2
from workers.outcomes import finish

AUDIT_CHANNEL = "C0AUDIT"


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, notify_channel=AUDIT_CHANNEL)
    return services


def record(services, slack, text: str = "user deactivate cat@acme.test", **fields) -> RefRecord:
    command = parse(text).command
    rec = RefRecord("abc234", user_id=ADMIN, channel_id="C0OPS", response_url=slack.new_response_url(),
                    command=command.to_dict(), summary=command.summary, action=command.action, **fields)
    services.refs.create(rec)
    return services.refs.get("abc234")


def test_the_final_message_goes_to_the_response_url_once(services, slack) -> None:
    rec = record(services, slack)
    finish(services, rec, in_channel("✅ done — ref abc234"), State.DONE)
    finish(services, rec, in_channel("✅ again — ref abc234"), State.DONE)
    assert [p.body["text"] for p in slack.responses_for(rec.response_url)] == ["✅ done — ref abc234"]
    assert services.refs.get("abc234").state == State.DONE


def test_an_approved_change_answers_the_requester_by_direct_message(services, slack) -> None:
    rec = record(services, slack, approval=True, decided_by=ADMIN2, card_channel="C0APPROVE", card_ts="1.2")
    finish(services, rec, in_channel("✅ done — ref abc234"), State.DONE)
    assert slack.responses_for(rec.response_url) == []
    dm = slack.calls_to("conversations.open")[0]
    assert dm.args["users"] == ADMIN


def test_an_executed_change_is_audited_with_its_approver(services, slack, redis) -> None:
    rec = record(services, slack, decided_by=ADMIN2)
    finish(services, rec, in_channel("✅ Deactivated Cat — ref abc234"), State.DONE)
    [(_, entry)] = redis.xrange("togglbot:audit")
    assert entry[b"approved_by"] == ADMIN2.encode() and entry[b"outcome"] == "✅ Deactivated Cat".encode()
    [line] = [c.args["text"] for c in slack.calls_to("chat.postMessage") if c.args["channel"] == AUDIT_CHANNEL]
    assert f"<@{ADMIN}>" in line and f"approved by <@{ADMIN2}>" in line


@pytest.mark.parametrize("text, state", [
    ("users", State.DONE),  # a read
    ("user deactivate cat@acme.test", State.REJECTED),  # never ran
])
def test_reads_and_changes_that_never_ran_are_not_audited(services, slack, redis, text, state) -> None:
    finish(services, record(services, slack, text), ephemeral("result — ref abc234"), state)
    assert redis.xlen("togglbot:audit") == 0


def test_the_card_shows_the_outcome(services, slack) -> None:
    ts = services.slack.post("C0APPROVE", {"text": "the card"})
    rec = record(services, slack, approval=True, decided_by=ADMIN2, card_channel="C0APPROVE", card_ts=ts,
                 state=State.RUNNING)
    finish(services, rec, in_channel("✅ Deactivated Cat — ref abc234"), State.DONE)
    updated = slack.message("C0APPROVE", ts)
    assert "Outcome:* ✅ Deactivated Cat" in str(updated["blocks"])


def test_a_failure_keeps_its_reason_in_brief(services, slack, redis) -> None:
    from workers.messages.failures import failed

    rec = record(services, slack)
    reason = "Toggl refused it: “Workspace user is not found.” Nothing was changed. Check the id."
    finish(services, rec, failed("abc234", rec.summary, reason), State.FAILED, reason)
    assert services.refs.get("abc234").reason == "Toggl refused it: “Workspace user is not found.”"
    [(_, entry)] = redis.xrange("togglbot:audit")
    assert entry[b"reason"].decode() == "Toggl refused it: “Workspace user is not found.”"
    [line] = [c.args["text"] for c in slack.calls_to("chat.postMessage") if c.args["channel"] == AUDIT_CHANNEL]
    assert line == (f"📝 <@{ADMIN}> · deactivate cat@acme.test · ❌ failed: Toggl refused it: “Workspace user is "
                    "not found.” (ref abc234)")


def test_without_a_reason_the_lines_under_the_headline_give_it(services, slack) -> None:
    rec = record(services, slack)
    finish(services, rec, ephemeral("❌ Could not x — ref abc234\nThe worker stopped; check Toggl."), State.FAILED)
    assert services.refs.get("abc234").reason == "The worker stopped"


def test_an_approval_is_in_the_feed_once_and_before_its_change(services, slack) -> None:
    from workers.outcomes import audit_decision

    rec = record(services, slack, decided_by=ADMIN2, decision="approve")
    audit_decision(services, rec)
    finish(services, rec, in_channel("✅ Deactivated Cat — ref abc234"), State.DONE)  # asks again: no second line
    lines = [c.args["text"] for c in slack.calls_to("chat.postMessage") if c.args["channel"] == AUDIT_CHANNEL]
    assert [line[:2] for line in lines] == ["🛂 ", "📝 "]
    assert lines[0] == f"🛂 <@{ADMIN2}> approved ref abc234 (<@{ADMIN}>'s deactivate cat@acme.test)"
