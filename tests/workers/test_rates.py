"""``rate set`` and ``rate show`` end to end through a real worker.

Each target kind must reach Toggl with its own ``level`` and the right kind of
id. Approvals are switched off here (``TOGGLBOT_APPROVAL_REQUIRED=""``) so
that retroactive modes run straight away; approvals have tests of their own.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import assert_failure, assert_success, env_without_approvals, wid

env = env_without_approvals()


def posts(toggl) -> list[dict]:
    """The JSON bodies of every ``POST /workspaces/{wid}/rates``, and no other write."""
    others = [(r.method, r.path) for r in toggl.requests
              if r.method != "GET" and not r.path.endswith("/rates")]
    assert others == []
    return [r.json for r in toggl.requests if r.method == "POST"]


def rate_body(level: str, level_id: int, amount: float, rate_type: str = "billable_rates",
              **when: str) -> dict:
    return {"amount": amount, "level": level, "level_id": level_id, "type": rate_type,
            **(when or {"mode": "start-today"})}


# Demo ids: workspace 9001, Cat's workspace user 5003, project Website 4001, Mobile App 4002,
# Cat on Mobile App (project user) 20002, task Design 2001.
SET_RATE = [
    ("rate set workspace 70", rate_body("workspace", 9001, 70), ["70.00 EUR", "Acme HQ"]),
    ("rate set @cat 80", rate_body("workspace_user", 5003, 80), ["Cat Coder", "80.00 EUR"]),
    ("rate set project:4001 95.50", rate_body("project", 4001, 95.5), ["project Website", "95.50 EUR"]),
    ('rate set project:"Mobile App" 90', rate_body("project", 4002, 90), ["project Mobile App"]),
    ('rate set project:"Mobile App" cat@acme.test 70', rate_body("project_user", 20002, 70),
     ["Cat Coder (cat@acme.test) on project Mobile App"]),
    ("rate set task:2001 40", rate_body("task", 2001, 40), ["task 2001"]),
    ("rate set cat@acme.test 33 labor", rate_body("workspace_user", 5003, 33, "labor_rates"),
     ["Labor cost of Cat Coder"]),
    ("rate set workspace 75 start=2026-12-01", rate_body("workspace", 9001, 75, start="2026-12-01T00:00:00Z"),
     ["from 2026-12-01 on"]),
    ("rate set workspace 65 mode=override-all", rate_body("workspace", 9001, 65, mode="override-all"),
     ["every past time entry is recalculated"]),
    # issue 17: the workspace's own currency after the amount is taken (the demo workspace counts in EUR)
    ("rate set @cat 80 EUR", rate_body("workspace_user", 5003, 80), ["Cat Coder", "80.00 EUR"]),
    ("rate set cat@acme.test 33 eur labor", rate_body("workspace_user", 5003, 33, "labor_rates"),
     ["Labor cost of Cat Coder", "33.00 EUR"]),
]


@pytest.mark.parametrize("text, body, shown", SET_RATE, ids=[row[0] for row in SET_RATE])
def test_each_target_reaches_toggl_with_its_level_and_kind_of_id(bot, worker, toggl, text, body, shown) -> None:
    sent = bot.command(text)
    result = bot.result(sent)
    assert posts(toggl) == [body]
    assert toggl.requests_for("POST")[0].path == f"/workspaces/{wid(toggl)}/rates"
    assert_success(result, sent)
    assert all(fragment in result["text"] for fragment in shown), result["text"]


def test_a_person_rate_is_what_toggl_then_shows_for_them(bot, worker, toggl) -> None:
    bot.result(bot.command("rate set cat@acme.test 80"))
    assert toggl.state.workspace_users[5003]["rate"] == 80


def test_project_rate_by_name_looks_the_project_up_by_name(bot, worker, toggl) -> None:
    bot.result(bot.command('rate set project:"Mobile App" 90'))
    lookups = [r for r in toggl.requests if r.path == f"/workspaces/{wid(toggl)}/projects"]
    assert [(r.method, r.query) for r in lookups] == [("GET", {"name": "Mobile App", "per_page": "200", "page": "1"})]


def test_project_user_rate_lists_the_projects_members(bot, worker, toggl) -> None:
    bot.result(bot.command('rate set project:"Mobile App" cat@acme.test 70'))
    assert ("GET", f"/workspaces/{wid(toggl)}/project_users", {"project_ids": "4002", "with_group_members": "true"}) in [
        (r.method, r.path, r.query) for r in toggl.requests]


# ------------------------------------------------------------------ failures
def test_free_plan_402_mentions_starter(bot, worker, toggl) -> None:
    ann = toggl.demo["users"][0]
    free = toggl.add_workspace(toggl.demo["org"]["id"], name="Side Project", plan="free")
    toggl.add_workspace_user(free["id"], ann["id"], role="admin")
    sent = bot.command(f"rate set workspace 50 ws={free['id']}")
    result = bot.result(sent)
    assert [r.path for r in toggl.requests_for("POST")] == [f"/workspaces/{free['id']}/rates"]
    assert posts(toggl) == [rate_body("workspace", free["id"], 50)]
    assert_failure(result, sent)
    assert "Billable rates are available for Starter and higher plans" in result["text"]


def test_ambiguous_project_name_lists_both_and_posts_nothing(bot, worker, toggl) -> None:
    ops = toggl.add_project(wid(toggl), "Ops")
    ops_upper = toggl.add_project(wid(toggl), "OPS")
    sent = bot.command("rate set project:ops 50")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert f"Ops (id {ops['id']})" in result["text"] and f"OPS (id {ops_upper['id']})" in result["text"]
    assert posts(toggl) == []


def test_unknown_project_fails_and_posts_nothing(bot, worker, toggl) -> None:
    sent = bot.command('rate set project:"No Such Project" 50')
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "There is no project “No Such Project”" in result["text"]
    assert posts(toggl) == []


def test_someone_not_on_the_project_fails_and_posts_nothing(bot, worker, toggl) -> None:
    sent = bot.command('rate set project:"Mobile App" dan@acme.test 50')
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "Dan Designer is not a member of project Mobile App" in result["text"]
    assert posts(toggl) == []


# ------------------------------------------------- amounts in another currency
@pytest.mark.parametrize("text", ["rate set @cat 80 USD", "rate set workspace 70 gbp labor",
                                  "user set @cat rate=85 USD", "workspace set default_hourly_rate=60 USD"])
def test_an_amount_in_another_currency_is_refused_naming_the_workspaces(bot, worker, toggl, text) -> None:
    sent = bot.command(text)
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "This workspace counts in EUR; amounts are in EUR, not " in result["text"], result["text"]
    assert "Nothing was changed" in result["text"]
    assert posts(toggl) == []


def test_the_workspaces_currency_with_a_user_rate_is_taken(bot, worker, toggl) -> None:
    sent = bot.command("user set @cat rate=85 EUR")
    assert_success(bot.result(sent), sent)
    assert toggl.state.workspace_users[5003]["rate"] == 85


def test_an_unknown_project_offers_close_names(bot, worker, toggl) -> None:
    sent = bot.command("rate set project:Webiste 50")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "There is no project “Webiste” in this workspace — did you mean “Website”?" in result["text"]
    assert posts(toggl) == []


# --------------------------------------------------------------------- show
def test_rate_show_lists_the_history_with_the_currency(bot, worker, toggl) -> None:
    cat = toggl.demo["workspace_users"][2]
    later = (date.today() + timedelta(days=30)).isoformat()
    bot.result(bot.command(f"rate set cat@acme.test 52 start={later}"))
    toggl.clear_requests()
    sent = bot.command("rate show cat@acme.test")
    result = bot.result(sent)
    [get] = [r for r in toggl.requests if "/rates/" in r.path and r.status != 429]  # a paced retry may follow a 429
    assert (get.method, get.path, get.query) == (
        "GET", f"/workspaces/{wid(toggl)}/rates/workspace_user/{cat['id']}", {"type": "billable_rates"})
    assert result["response_type"] == "ephemeral"
    assert f"ref {sent.ref}" in result["text"]
    assert "Now: *45.00 EUR*" in result["text"]  # the rate starting later is not current yet
    shown = str(result["blocks"])
    assert f"52.00 EUR  {later} → …   ← scheduled" in shown
    assert "45.00 EUR" in shown and f"→ {later}   ← current" in shown


def test_rate_show_labor_asks_for_labor_costs(bot, worker, toggl) -> None:
    cat = toggl.demo["workspace_users"][2]
    sent = bot.command("rate show cat@acme.test labor")
    result = bot.result(sent)
    [get] = [r for r in toggl.requests if "/rates/" in r.path and r.status != 429]  # a paced retry may follow a 429
    assert (get.method, get.path, get.query) == (
        "GET", f"/workspaces/{wid(toggl)}/rates/workspace_user/{cat['id']}", {"type": "labor_costs"})
    assert result["response_type"] == "ephemeral"
    assert "Labor cost of Cat Coder" in result["text"] and "Now: *30.00 EUR*" in result["text"]
