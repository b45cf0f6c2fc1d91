"""``user set|deactivate|reactivate|remove`` end to end through a real worker.

Each test checks the exact Toggl write (method, path, JSON body) and the one
final Slack message. Approvals are switched off here (``TOGGLBOT_APPROVAL_REQUIRED=""``)
so that ``user remove`` runs straight away; approvals have tests of their own.
"""
from __future__ import annotations

import pytest

from tests.support import assert_failure, assert_success, env_without_approvals, wid, writes

env = env_without_approvals()


def member(toggl, email: str) -> dict:
    """The demo workspace-user record of ``email``."""
    return next(wu for wu, user in zip(toggl.demo["workspace_users"], toggl.demo["users"])
                if user["email"] == email)


# ------------------------------------------------------------------ user set
# Demo workspace users: Cat 5003, Dan 5004, Eve 5005 (deactivated); the workspace currency is EUR.
USER_CHANGES = [
    ("user set cat@acme.test role=projectlead", 5003, {"role": "projectlead"},
     ["Cat Coder", "role user → projectlead"]),
    ("user set @cat rate=85.50 labor_cost=40", 5003, {"rate": 85.5, "labor_cost": 40},
     ["85.50 EUR", "40.00 EUR"]),
    ("user set cat@acme.test working_hours=7.5h", 5003, {"working_hours_in_minutes": 450}, ["working hours 8h → 7h 30m"]),
    ("user set dan@acme.test role=teamlead", 5004, {"role": "teamlead"},  # Slack sends a mailto link
     ["Dan Designer"]),
    ("user set id:5004 role=admin", 5004, {"role": "admin"}, ["Dan Designer"]),
    ("user deactivate cat@acme.test", 5003, {"inactive": True}, ["Deactivated Cat Coder"]),
    ("user reactivate eve@acme.test", 5005, {"inactive": False}, ["Reactivated Eve Former"]),
]


@pytest.mark.parametrize("text, workspace_user_id, body, shown", USER_CHANGES, ids=[row[0] for row in USER_CHANGES])
def test_a_user_change_puts_exactly_its_fields(bot, worker, toggl, text, workspace_user_id, body, shown) -> None:
    sent = bot.command(text)
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{wid(toggl)}/workspace_users/{workspace_user_id}", body)]
    assert_success(result, sent)
    assert all(fragment in result["text"] for fragment in shown), result["text"]
    stored = toggl.state.workspace_users[workspace_user_id]
    assert {key: stored[key] for key in body} == body


# --------------------------------------------------------------- user remove
def test_removing_one_person_deletes_their_workspace_user_id(bot, worker, toggl) -> None:
    cat = member(toggl, "cat@acme.test")
    sent = bot.command("user remove @cat")
    result = bot.result(sent)
    assert writes(toggl) == [("DELETE", f"/workspaces/{wid(toggl)}/workspace_users/{cat['id']}",
                              None)]
    assert cat["id"] != cat["uid"]  # the workspace-user id, never the global uid
    assert_success(result, sent)
    assert "Removed 1 person" in result["text"] and "Cat Coder" in result["text"]
    assert cat["id"] not in toggl.state.workspace_users


def test_removing_three_people_is_one_bulk_patch(bot, worker, toggl) -> None:
    cat, dan, eve = (member(toggl, f"{n}@acme.test") for n in ("cat", "dan", "eve"))
    oid = toggl.demo["org"]["id"]
    sent = bot.command(f"user remove @cat dan@acme.test id:{eve['id']}")
    result = bot.result(sent)
    assert writes(toggl) == [("PATCH", f"/organizations/{oid}/workspaces/{wid(toggl)}/workspace_users",
                              {"delete": [cat["id"], dan["id"], eve["id"]]})]
    assert_success(result, sent)
    assert "Removed 3 people" in result["text"]
    assert not {cat["id"], dan["id"], eve["id"]} & set(toggl.state.workspace_users)


# ------------------------------------------------------------------ failures
def test_unknown_email_fails_without_any_write(bot, worker, toggl) -> None:
    sent = bot.command("user set nobody@acme.test role=admin")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert f"nobody@acme.test is not in workspace {wid(toggl)}" in result["text"]
    assert writes(toggl) == []


def test_remove_with_one_unknown_person_removes_nobody(bot, worker, toggl) -> None:
    sent = bot.command("user remove cat@acme.test nobody@acme.test")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "nobody@acme.test is not in workspace" in result["text"]
    assert writes(toggl) == []
    assert member(toggl, "cat@acme.test")["id"] in toggl.state.workspace_users


def test_toggl_403_on_the_put_says_not_in_workspace_or_not_accessible(bot, worker, toggl) -> None:
    cat = member(toggl, "cat@acme.test")
    toggl.fail_next(403, body="Workspace user not found/accessible by user",
                    path_prefix=f"/workspaces/{wid(toggl)}/workspace_users/{cat['id']}")
    sent = bot.command("user set cat@acme.test role=admin")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "not in this workspace or not accessible" in result["text"]
    assert [w[0] for w in writes(toggl)] == ["PUT"]  # a 403 is not retried


def test_rate_on_a_free_workspace_fails_naming_the_plan(bot, worker, toggl) -> None:
    ann, cat = toggl.demo["users"][0], toggl.demo["users"][2]
    free = toggl.add_workspace(toggl.demo["org"]["id"], name="Side Project", plan="free")
    toggl.add_workspace_user(free["id"], ann["id"], role="admin")
    cat_there = toggl.add_workspace_user(free["id"], cat["id"])
    sent = bot.command(f"user set cat@acme.test rate=50 ws={free['id']}")
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{free['id']}/workspace_users/{cat_there['id']}",
                              {"rate": 50})]
    assert_failure(result, sent)
    assert "Must be a premium user to use rate" in result["text"]
    assert "paid Toggl plan" in result["text"]


# --------------------------------------------------------------------- cache
def test_warm_user_set_costs_exactly_one_toggl_request(bot, worker, toggl) -> None:
    bot.result(bot.command("users"))
    toggl.clear_requests()
    cat = member(toggl, "cat@acme.test")
    result = bot.result(bot.command("user set cat@acme.test role=teamlead"))
    assert result["text"].startswith("✅")
    assert [(r.method, r.path) for r in toggl.requests] == [
        ("PUT", f"/workspaces/{wid(toggl)}/workspace_users/{cat['id']}")]


def test_the_cached_people_show_a_change_without_a_request(bot, worker, toggl) -> None:
    bot.result(bot.command("users"))
    bot.result(bot.command("user set cat@acme.test role=teamlead"))
    toggl.clear_requests()
    result = bot.result(bot.command("users cat"))
    assert toggl.requests == []
    text = str(result["blocks"])
    assert "Cat Coder" in text and "teamlead" in text


# ------------------------------------------------------------- Slack limits
def _add_people(toggl, count: int) -> list[int]:
    """``count`` more members with long names (cut in the list); their workspace-user ids."""
    ids = []
    for i in range(count):
        user = toggl.add_user(email=f"person.number.{i:04d}@very-long-domain.acme.test",
                              fullname=f"Person With A Long Name {i:04d}")
        ids.append(toggl.add_workspace_user(wid(toggl), user["id"])["id"])
    return ids


def _sections(result: dict) -> list[str]:
    return [b["text"]["text"] for b in result["blocks"] if b["type"] == "section"]


def _assert_within_slack_limits(result: dict) -> None:
    assert len(result["blocks"]) <= 50
    assert all(len(text) <= 3000 for text in _sections(result))


def test_users_list_of_400_people_fits_slacks_limits(bot, worker, toggl) -> None:
    added = _add_people(toggl, 400)
    sent = bot.command("users")
    result = bot.result(sent)
    _assert_within_slack_limits(result)
    assert "— 404 —" in result["text"]  # the 4 active demo people and 400 more
    shown = "\n".join(_sections(result))
    assert all(f"id:{wuid}" in shown for wuid in added)
    [footer] = [b for b in result["blocks"] if b["type"] == "context"]
    assert "not shown" not in footer["elements"][0]["text"]


def test_users_list_too_long_for_slack_says_how_many_were_left_out(bot, worker, toggl) -> None:
    _add_people(toggl, 1600)
    result = bot.result(bot.command("users"))
    _assert_within_slack_limits(result)
    [footer] = [b for b in result["blocks"] if b["type"] == "context"]
    left_out = int(footer["elements"][0]["text"].split(" more not shown")[0])
    listed = sum(text.count("@") for text in _sections(result))
    assert left_out > 0 and listed + left_out == 1604
