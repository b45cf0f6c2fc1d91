"""Approvals end to end: signed slash commands and button clicks, a real worker, the fakes."""
from __future__ import annotations

import threading
import time

import pytest

from app import create_app
from bot.settings import Settings
from tests.conftest import ADMIN, ADMIN2, MEMBER, SIGNING_SECRET
from tests.support import BotDriver, writes

AUDIT = "C0AUDIT"
REMOVE_THREE = "user remove cat@acme.test dan@acme.test eve@acme.test"


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Approvals as configured by default, plus an audit channel."""
    monkeypatch.setenv("TOGGLBOT_NOTIFY_CHANNEL", AUDIT)
    return {**env, "TOGGLBOT_NOTIFY_CHANNEL": AUDIT}


def ask(bot, text: str = REMOVE_THREE, user: str = ADMIN):
    sent = bot.command(text, user=user)
    assert sent.ack_text.startswith(f"🛂 Approval requested — ref {sent.ref}: "), sent.ack_text
    return sent, bot.card(sent.ref)


def audit_lines(slack, count: int) -> list[str] | None:
    """The first ``count`` lines of the audit channel, once there are that many."""
    lines = [c.args["text"] for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == AUDIT]
    return lines[:count] if len(lines) >= count else None


def wait_state(redis, ref: str, state: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while redis.hget(f"togglbot:ref:{ref}", "state") != state.encode():
        assert time.monotonic() < deadline, redis.hget(f"togglbot:ref:{ref}", "state")
        time.sleep(0.05)


def test_risky_command_waits_for_approval_and_posts_a_card(bot, worker, toggl) -> None:
    sent, card = ask(bot)
    assert card["channel"] == "C0OPS"
    text = str(card["blocks"])
    assert "remove cat@acme.test, dan@acme.test, eve@acme.test" in text and f"<@{ADMIN}>" in text
    assert "Acme HQ" in text and "Expires" in text
    actions = next(b for b in card["blocks"] if b["type"] == "actions")["elements"]
    approve, reject = actions
    assert (approve["action_id"], approve["style"], approve["value"]) == ("approval_approve", "primary", sent.ref)
    assert "confirm" in approve
    assert (reject["action_id"], reject["style"], reject["value"]) == ("approval_reject", "danger", sent.ref)
    assert writes(toggl) == []


def test_the_card_shows_the_plan_by_name_and_id_with_before_and_after(bot, worker, toggl) -> None:
    sent, card = ask(bot, "user set cat@acme.test role=admin rate=80")
    text = str(card["blocks"])
    assert "workspace user Cat Coder (cat@acme.test), id 5003" in text
    assert "billable rate 45.00 → 80.00 EUR" in text and "role user → admin" in text
    assert writes(toggl) == []  # nothing is written before the decision


def test_a_plan_that_cannot_be_made_ends_with_one_failure_and_no_card(bot, worker, toggl, slack) -> None:
    sent = bot.command("user remove nobody@acme.test")
    assert sent.ack_text.startswith("🛂")
    result = bot.result(sent)
    assert result["text"].startswith("❌") and "nobody@acme.test is not in workspace" in result["text"]
    assert not [c for c in slack.calls_to("chat.postMessage") if "approval_approve" in str(c.args)]


def test_a_change_made_in_toggl_before_approval_is_never_overwritten(bot, worker, toggl, slack, redis) -> None:
    sent, card = ask(bot, "user set cat@acme.test role=admin")
    with toggl.state.lock:
        toggl.state.workspace_users[5003]["role"] = "projectlead"  # someone changed it in Toggl meanwhile
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    wait_state(redis, sent.ref, "failed")
    [dm] = slack.wait_for(lambda: bot.dms_to(ADMIN))
    assert dm["text"].startswith("❌") and "changed since it was planned: role is now projectlead" in dm["text"]
    assert "nothing was changed — ask again" in dm["text"]
    assert writes(toggl) == []


def test_approve_and_its_job_are_one_transaction(bot, redis) -> None:
    from bot.refs import Decision, RefStore, State

    sent = bot.command("user remove dan@acme.test")
    refs = RefStore(redis)
    refs.update(sent.ref, state=State.AWAITING_APPROVAL)
    jobs_before = redis.llen("rq:queue:togglbot")

    def broken(pipe) -> None:
        raise ConnectionError("Redis went away between the two")

    with pytest.raises(ConnectionError):
        refs.decide(sent.ref, Decision.APPROVE, ADMIN2, then=broken)
    assert refs.get(sent.ref).state == State.AWAITING_APPROVAL  # not approved without its job
    assert redis.llen("rq:queue:togglbot") == jobs_before


def test_requester_cannot_approve_their_own_request(bot, worker, toggl, redis) -> None:
    sent, card = ask(bot)
    clicked = bot.click("approval_approve", sent.ref, ADMIN, card)
    assert clicked.status == 200
    assert "can't approve or reject your own request" in bot.told(clicked)
    assert redis.hget(f"togglbot:ref:{sent.ref}", "state") == b"awaiting_approval"
    assert writes(toggl) == []


def test_non_approver_cannot_approve(bot, worker, toggl, redis) -> None:
    sent, card = ask(bot)
    assert "ask an admin to make you an approver" in bot.told(bot.click("approval_approve", sent.ref, MEMBER, card))
    assert redis.hget(f"togglbot:ref:{sent.ref}", "state") == b"awaiting_approval"


def test_second_admin_approves_and_one_patch_removes_three(bot, worker, toggl, slack, redis) -> None:
    sent, card = ask(bot)
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    wait_state(redis, sent.ref, "done")
    wid, oid = toggl.demo["workspace"]["id"], toggl.demo["org"]["id"]
    ids = sorted(wu["id"] for wu in toggl.demo["workspace_users"][2:5])
    [(method, path, body)] = writes(toggl)
    assert (method, path, sorted(body["delete"])) == (
        "PATCH", f"/organizations/{oid}/workspaces/{wid}/workspace_users", ids)
    # the requester hears the outcome by direct message
    [dm] = slack.wait_for(lambda: bot.dms_to(ADMIN))
    assert dm["text"].startswith("✅ Removed 3 people")
    # the card shows who decided, and the outcome, with the buttons gone
    updated = slack.wait_for(lambda: [c.args for c in slack.calls_to("chat.update")
                                      if "Outcome" in str(c.args.get("blocks"))])
    assert f"Approved by <@{ADMIN2}>" in str(updated[-1]["blocks"])
    assert "approval_approve" not in str(updated[-1]["blocks"])
    # the audit channel gets the decision, then the change
    decision, line = slack.wait_for(lambda: audit_lines(slack, 2))
    assert decision == (f"🛂 <@{ADMIN2}> approved ref {sent.ref} (<@{ADMIN}>'s remove cat@acme.test, "
                                "dan@acme.test, eve@acme.test from the workspace)")
    assert line.startswith(f"📝 <@{ADMIN}> · Cat Coder (cat@acme.test): membership member → removed; ")
    assert line.endswith(f" · approved by <@{ADMIN2}> · ✅ done (ref {sent.ref})")
    [entry] = [fields for _, fields in redis.xrange("togglbot:audit")]
    assert entry[b"approved_by"] == ADMIN2.encode() and entry[b"ref"] == sent.ref.encode()


def test_double_click_runs_the_change_once(bot, worker, toggl, redis) -> None:
    sent, card = ask(bot, "user remove dan@acme.test")
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    second = bot.click("approval_approve", sent.ref, ADMIN2, card)
    assert "already approved" in bot.told(second)
    wait_state(redis, sent.ref, "done")
    time.sleep(0.5)
    assert len(writes(toggl)) == 1


def test_two_web_processes_clicking_at_once_run_the_change_once(bot, settings, worker, toggl, slack,
                                                                redis, env, monkeypatch) -> None:
    monkeypatch.setenv("TOGGLBOT_APPROVERS", f"{ADMIN},{ADMIN2},{MEMBER}")
    approvers = Settings.from_env({**env, "TOGGLBOT_APPROVERS": f"{ADMIN},{ADMIN2},{MEMBER}"})
    web = [BotDriver(create_app(approvers), slack, toggl, SIGNING_SECRET) for _ in range(2)]
    sent, card = ask(web[0])
    barrier = threading.Barrier(2)

    def click(driver, user) -> None:
        barrier.wait()
        driver.click("approval_approve", sent.ref, user, card)

    threads = [threading.Thread(target=click, args=(web[0], ADMIN2)),
               threading.Thread(target=click, args=(web[1], MEMBER))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_state(redis, sent.ref, "done")
    time.sleep(0.5)
    assert len(writes(toggl)) == 1


def test_reject_changes_nothing_and_tells_the_requester(bot, worker, toggl, slack, redis) -> None:
    sent, card = ask(bot)
    bot.click("approval_reject", sent.ref, ADMIN2, card)
    wait_state(redis, sent.ref, "rejected")
    [dm] = slack.wait_for(lambda: bot.dms_to(ADMIN))
    assert dm["text"].startswith("❌") and f"rejected by <@{ADMIN2}>" in dm["text"]
    updated = slack.wait_for(lambda: slack.calls_to("chat.update"))
    assert "Rejected by" in str(updated[-1].args["blocks"])
    assert writes(toggl) == []
    assert "already rejected" in bot.told(bot.click("approval_approve", sent.ref, ADMIN2, card))


def test_requester_can_cancel_and_the_card_says_so(bot, worker, toggl, slack, redis) -> None:
    sent, card = ask(bot)
    ack = bot.command(f"cancel {sent.ref}", user=ADMIN).ack_text
    assert ack.startswith(f"✅ Withdrew approval request ref {sent.ref}")
    updated = slack.wait_for(lambda: slack.calls_to("chat.update"))
    assert "Withdrawn" in str(updated[-1].args["blocks"])
    assert "already withdrawn" in bot.told(bot.click("approval_approve", sent.ref, ADMIN2, card))
    assert writes(toggl) == []


def test_only_the_requester_can_cancel(bot, worker, redis) -> None:
    sent, _ = ask(bot)
    assert "Only the person who asked" in bot.command(f"cancel {sent.ref}", user=ADMIN2).ack_text
    assert redis.hget(f"togglbot:ref:{sent.ref}", "state") == b"awaiting_approval"


def test_request_expires_and_a_late_approval_is_refused(env, slack, toggl, redis, monkeypatch,
                                                        tmp_path) -> None:
    from tests.conftest import WorkerProcess

    monkeypatch.setenv("TOGGLBOT_APPROVAL_TTL", "2s")
    short = {**env, "TOGGLBOT_APPROVAL_TTL": "2s"}
    bot = BotDriver(create_app(Settings.from_env(short)), slack, toggl, SIGNING_SECRET)
    worker = WorkerProcess(short, tmp_path / "worker.log")
    worker.start()
    try:
        sent, card = ask(bot)
        wait_state(redis, sent.ref, "expired", timeout=30)
        [dm] = slack.wait_for(lambda: bot.dms_to(ADMIN), timeout=20)
        assert dm["text"].startswith("❌") and "expired" in dm["text"]
        updated = slack.wait_for(lambda: [c for c in slack.calls_to("chat.update")
                                          if "Expired" in str(c.args.get("blocks"))])
        assert "approval_approve" not in str(updated[-1].args["blocks"])
        assert "expired" in bot.told(bot.click("approval_approve", sent.ref, ADMIN2, card))
    finally:
        worker.stop()
    assert writes(toggl) == []


def test_approvals_lists_open_requests_newest_first(bot, worker) -> None:
    first, _ = ask(bot, "user remove dan@acme.test")
    second, _ = ask(bot, "workspace set rounding=up")
    text = bot.command("approvals", user=ADMIN2).ack_text
    assert text.index(second.ref) < text.index(first.ref)
    bot.command(f"cancel {first.ref}", user=ADMIN)
    assert first.ref not in bot.command("approvals", user=ADMIN2).ack_text


def test_status_shows_the_plan_and_the_expiry_on_one_line(bot, worker, toggl, redis) -> None:
    sent, _ = ask(bot, "user set cat@acme.test role=admin")
    text = bot.command(f"status {sent.ref}").ack_text
    assert text == (f"ref {sent.ref} · Cat Coder (cat@acme.test): role user → admin · 🛂 awaiting approval, "
                    "expires in 24 h")


def test_status_shows_who_approved_and_the_outcome(bot, worker, redis) -> None:
    sent, card = ask(bot, "user remove dan@acme.test")
    assert f"asked by <@{ADMIN}>" in bot.command(f"status {sent.ref}", user=ADMIN2).ack_text  # someone else's
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    wait_state(redis, sent.ref, "done")
    text = bot.command(f"status {sent.ref}", user=ADMIN).ack_text
    assert text.startswith(f"ref {sent.ref} · Dan Designer (dan@acme.test): membership member → removed · "
                           f"approved by <@{ADMIN2}> · ✅ done ")
    assert "\n" not in text and "asked by" not in text


def test_approval_channel_setting_is_used(env, slack, toggl, worker, monkeypatch) -> None:
    settings = Settings.from_env({**env, "TOGGLBOT_APPROVAL_CHANNEL": "C0APPROVALS"})
    monkeypatch.setenv("TOGGLBOT_APPROVAL_CHANNEL", "C0APPROVALS")
    bot = BotDriver(create_app(settings), slack, toggl, SIGNING_SECRET)
    _, card = ask(bot)
    assert card["channel"] == "C0APPROVALS"


def test_request_survives_restarts_of_web_and_worker(env, settings, slack, toggl, redis, worker,
                                                     tmp_path) -> None:
    from tests.conftest import WorkerProcess

    first_web = BotDriver(create_app(settings), slack, toggl, SIGNING_SECRET)
    sent, card = ask(first_web, "user remove dan@acme.test")
    worker.stop()
    second_web = BotDriver(create_app(Settings.from_env(env)), slack, toggl, SIGNING_SECRET)
    second_web.click("approval_approve", sent.ref, ADMIN2, card)
    replacement = WorkerProcess(env, tmp_path / "replacement.log")
    replacement.start()
    try:
        wait_state(redis, sent.ref, "done")
    finally:
        replacement.stop()
    assert len(writes(toggl)) == 1


def test_unapproved_actions_run_straight_away(bot, worker, toggl) -> None:
    sent = bot.command("user set cat@acme.test rate=50")
    assert sent.ack_text.startswith("⏳")
    assert bot.result(sent)["text"].startswith("✅")


def test_failed_change_after_approval_is_reported_once(bot, worker, toggl, slack, redis) -> None:
    sent, card = ask(bot, "user remove dan@acme.test")
    toggl.fail_next(403, body='"Workspace user is not found or accessible"', path_prefix="/workspaces")
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    wait_state(redis, sent.ref, "failed")
    [dm] = slack.wait_for(lambda: bot.dms_to(ADMIN))
    assert dm["text"].startswith("❌")
    decision, line = slack.wait_for(lambda: audit_lines(slack, 2))
    assert decision.startswith(f"🛂 <@{ADMIN2}> approved ref {sent.ref}")
    assert "❌ failed: Toggl said 403" in line and line.endswith(f"(ref {sent.ref})")

