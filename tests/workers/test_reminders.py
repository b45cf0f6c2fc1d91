"""``reminders`` and ``reminder add|update|delete`` end to end through a real worker.

Track reminders take GLOBAL user ids (not workspace-user ids) and group ids.
"""
from __future__ import annotations

import time

from tests.support import assert_failure, assert_success, wid, writes


def test_reminders_lists_the_reminder_with_names(bot, worker, toggl) -> None:
    sent = bot.command("reminders")
    result = bot.result(sent)
    assert ("GET", f"/workspaces/{wid(toggl)}/track_reminders") in [
        (r.method, r.path) for r in toggl.requests]
    assert result["response_type"] == "ephemeral"
    assert f"ref {sent.ref}" in result["text"]
    assert "#8001 (under 8h, daily: Dan Designer, group Developers)" in str(result["blocks"])


def test_reminder_add_sends_global_user_ids_and_group_ids(bot, worker, toggl) -> None:
    cat_uid = toggl.demo["users"][2]["id"]
    designers = toggl.demo["groups"][0]
    assert cat_uid != toggl.demo["workspace_users"][2]["id"]
    sent = bot.command(f"reminder add 6h weekly @cat group:{designers['id']}")
    result = bot.result(sent)
    assert writes(toggl) == [("POST", f"/workspaces/{wid(toggl)}/track_reminders",
                              {"frequency": 7, "threshold": 6, "user_ids": [cat_uid],
                               "group_ids": [designers["id"]]})]
    assert_success(result, sent)
    assert "threshold 6h; how often weekly; people Cat Coder; groups Designers" in result["text"]


def test_reminder_add_is_daily_by_default(bot, worker, toggl) -> None:
    dan_uid = toggl.demo["users"][3]["id"]
    sent = bot.command("reminder add 4h dan@acme.test")
    result = bot.result(sent)
    assert writes(toggl) == [("POST", f"/workspaces/{wid(toggl)}/track_reminders",
                              {"frequency": 1, "threshold": 4, "user_ids": [dan_uid]})]
    assert_success(result, sent)
    assert "threshold 4h; how often daily; people Dan Designer" in result["text"]


def test_reminder_add_for_an_unknown_group_fails_without_a_post(bot, worker, toggl) -> None:
    sent = bot.command("reminder add 6h group:6999")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "There is no group group:6999" in result["text"]
    assert writes(toggl) == []


def test_reminder_update_puts_only_the_threshold(bot, worker, toggl) -> None:
    sent = bot.command("reminder update 8001 5h")
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{wid(toggl)}/track_reminders/8001",
                              {"threshold": 5})]
    assert_success(result, sent)
    assert "#8001 (under 8h, daily: Dan Designer, group Developers), id 8001: threshold 8h → 5h" in result["text"]
    assert toggl.state.reminders[8001]["user_ids"] == [toggl.demo["users"][3]["id"]]


def test_reminder_delete_sends_delete(bot, worker, toggl) -> None:
    sent = bot.command("reminder delete 8001")
    result = bot.result(sent)
    assert writes(toggl) == [("DELETE", f"/workspaces/{wid(toggl)}/track_reminders/8001", None)]
    assert_success(result, sent)
    assert "Deleted tracking reminder #8001" in result["text"]
    assert 8001 not in toggl.state.reminders


def test_deleting_an_unknown_reminder_says_so_and_sends_nothing(bot, worker, toggl) -> None:
    sent = bot.command("reminder delete 8999")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "There is no tracking reminder #8999 in this workspace. `/toggl reminders` lists them." in result["text"]
    assert writes(toggl) == []  # found out while planning: nothing is sent


def test_dropped_post_that_toggl_applied_creates_one_reminder(bot, worker, toggl) -> None:
    # The prefix matches the POST (the first request to this path), not the look-ups before it.
    toggl.drop_next(path_prefix=f"/workspaces/{wid(toggl)}/track_reminders", apply=True)
    sent = bot.command("reminder add 3h weekly cat@acme.test")
    result = bot.result(sent)
    assert_success(result, sent)
    assert [r.dropped for r in toggl.requests_for("POST")] == [True]  # never sent twice
    new = [r for rid, r in toggl.state.reminders.items() if rid != 8001]
    assert len(new) == 1 and new[0]["threshold"] == 3 and new[0]["frequency"] == 7
    time.sleep(1.0)  # prove there is no second final message
    assert len(bot.finals(sent)) == 1
