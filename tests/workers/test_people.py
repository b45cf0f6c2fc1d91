"""``users`` and ``user show`` end to end through a real worker."""
from __future__ import annotations

from tests.conftest import ADMIN
from tests.support import assert_failure


def test_users_lists_the_workspace_with_role_and_status(bot, worker, toggl) -> None:
    result = bot.result(bot.command("users"))
    assert result["response_type"] == "ephemeral"
    text = str(result["blocks"])
    for name in ("Ann Admin", "Bob Boss", "Cat Coder", "Dan Designer"):
        assert name in text
    assert "Eve Former" not in text
    assert "admin" in text and "active" in text
    wid = toggl.demo["workspace"]["id"]
    assert ("GET", f"/workspaces/{wid}/workspace_users") in [(r.method, r.path) for r in toggl.requests]


def test_users_inactive_lists_deactivated_people(bot, worker) -> None:
    text = str(bot.result(bot.command("users inactive"))["blocks"])
    assert "Eve Former" in text and "Ann Admin" not in text and "deactivated" in text


def test_users_search_filters_by_name_or_email(bot, worker) -> None:
    text = str(bot.result(bot.command("users cat"))["blocks"])
    assert "Cat Coder" in text and "Ann Admin" not in text


def test_users_results_name_the_ref(bot, worker) -> None:
    sent = bot.command("users")
    assert f"ref {sent.ref}" in bot.result(sent)["text"]


def test_second_lookup_uses_the_shared_cache(bot, worker, toggl) -> None:
    bot.result(bot.command("users"))
    toggl.clear_requests()
    bot.result(bot.command("users cat"))
    assert toggl.requests == []


def test_user_show_by_mention_resolves_through_slack_email(bot, worker, slack) -> None:
    result = bot.result(bot.command("user show @ann"))
    text = str(result["blocks"])
    assert "Ann Admin" in text and "60.00 EUR" in text and "35.00 EUR" in text and "8h" in text
    assert slack.calls_to("users.info")[0].args["user"] == ADMIN


def test_user_show_by_email_lists_groups(bot, worker) -> None:
    text = str(bot.result(bot.command("user show CAT@acme.test"))["blocks"])
    assert "Cat Coder" in text and "Developers" in text


def test_user_show_by_workspace_user_id(bot, worker, toggl) -> None:
    dan = toggl.demo["workspace_users"][3]
    assert "Dan Designer" in str(bot.result(bot.command(f"user show id:{dan['id']}"))["blocks"])


def test_user_show_of_someone_outside_the_workspace_fails_clearly(bot, worker) -> None:
    result = bot.result(bot.command("user show @zed"))
    assert result["text"].startswith("❌")
    assert "zed@elsewhere.test is not in workspace" in result["text"]


def test_every_command_ends_in_exactly_one_final_message(bot, worker, slack) -> None:
    sent = bot.command("user show nobody@acme.test")
    bot.result(sent)
    slack.wait_for(lambda: True)
    import time

    time.sleep(1.0)
    assert len(bot.finals(sent)) == 1


def test_users_found_by_an_email_slack_sent_as_a_link(bot, worker) -> None:
    text = str(bot.result(bot.command("users cat@acme.test"))["blocks"])
    assert "Cat Coder" in text and "Ann Admin" not in text


def test_someone_not_in_the_workspace_gets_people_named_alike(bot, worker) -> None:
    sent = bot.command("user show cat@acme.tst")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "cat@acme.tst is not in workspace" in result["text"]
    assert "— did you mean “Cat Coder” (cat@acme.test)?" in result["text"]
