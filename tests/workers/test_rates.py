"""``rate set`` and ``rate show`` end to end through a real worker.

Each target kind must reach Toggl with its own ``level`` and the right kind of
id. Approvals are switched off here (``TOGGLBOT_APPROVAL_REQUIRED=""``) so
that retroactive modes run straight away; approvals have tests of their own.
"""
from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import MEMBER
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


# ------------------------------------------------------------------ targets
def test_workspace_rate_uses_the_workspace_id(bot, worker, toggl) -> None:
    sent = bot.command("rate set workspace 70")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("workspace", wid(toggl), 70)]
    assert toggl.requests_for("POST")[0].path == f"/workspaces/{wid(toggl)}/rates"
    assert_success(result, sent)
    assert "70.00 EUR" in result["text"] and "Acme HQ" in result["text"]


def test_person_rate_uses_the_workspace_user_id(bot, worker, toggl) -> None:
    cat = toggl.demo["workspace_users"][2]
    sent = bot.command(f"rate set <@{MEMBER}> 80")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("workspace_user", cat["id"], 80)]
    assert_success(result, sent)
    assert "Cat Coder" in result["text"]
    assert toggl.state.workspace_users[cat["id"]]["rate"] == 80


def test_project_rate_by_id(bot, worker, toggl) -> None:
    website = toggl.demo["projects"][0]
    sent = bot.command(f"rate set project:{website['id']} 95.50")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("project", website["id"], 95.5)]
    assert_success(result, sent)
    assert "project Website" in result["text"] and "95.50 EUR" in result["text"]


def test_project_rate_by_name_looks_the_project_up(bot, worker, toggl) -> None:
    app = toggl.demo["projects"][1]
    sent = bot.command('rate set project:"Mobile App" 90')
    result = bot.result(sent)
    lookups = [r for r in toggl.requests if r.path == f"/workspaces/{wid(toggl)}/projects"]
    assert [(r.method, r.query) for r in lookups] == [("GET", {"name": "Mobile App"})]
    assert posts(toggl) == [rate_body("project", app["id"], 90)]
    assert_success(result, sent)


def test_project_user_rate_uses_the_project_user_id(bot, worker, toggl) -> None:
    app = toggl.demo["projects"][1]
    cat_on_app = toggl.demo["project_users"][1]
    sent = bot.command('rate set project:"Mobile App" cat@acme.test 70')
    result = bot.result(sent)
    assert ("GET", f"/workspaces/{wid(toggl)}/project_users", {"project_ids": str(app["id"])}) in [
        (r.method, r.path, r.query) for r in toggl.requests]
    assert posts(toggl) == [rate_body("project_user", cat_on_app["id"], 70)]
    assert_success(result, sent)
    assert "Cat Coder" in result["text"] and "Mobile App" in result["text"]


def test_task_rate(bot, worker, toggl) -> None:
    task = toggl.demo["tasks"][0]
    sent = bot.command(f"rate set task:{task['id']} 40")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("task", task["id"], 40)]
    assert_success(result, sent)


# ------------------------------------------------------------ type and mode
def test_labor_rate_is_posted_as_labor_rates(bot, worker, toggl) -> None:
    cat = toggl.demo["workspace_users"][2]
    sent = bot.command("rate set cat@acme.test 33 labor")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("workspace_user", cat["id"], 33, "labor_rates")]
    assert_success(result, sent)
    assert "Labor cost" in result["text"]


def test_start_date_sends_start_and_no_mode(bot, worker, toggl) -> None:
    sent = bot.command("rate set workspace 75 start=2026-12-01")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("workspace", wid(toggl), 75, start="2026-12-01T00:00:00Z")]
    assert_success(result, sent)
    assert "from 2026-12-01 on" in result["text"]


def test_mode_override_all_is_sent(bot, worker, toggl) -> None:
    sent = bot.command("rate set workspace 65 mode=override-all")
    result = bot.result(sent)
    assert posts(toggl) == [rate_body("workspace", wid(toggl), 65, mode="override-all")]
    assert_success(result, sent)
    assert "every past time entry is recalculated" in result["text"]


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


# --------------------------------------------------------------------- show
def test_rate_show_lists_the_history_with_the_currency(bot, worker, toggl) -> None:
    cat = toggl.demo["workspace_users"][2]
    later = (date.today() + timedelta(days=30)).isoformat()
    bot.result(bot.command(f"rate set cat@acme.test 52 start={later}"))
    toggl.clear_requests()
    sent = bot.command("rate show cat@acme.test")
    result = bot.result(sent)
    [get] = [r for r in toggl.requests if "/rates/" in r.path]
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
    [get] = [r for r in toggl.requests if "/rates/" in r.path]
    assert (get.method, get.path, get.query) == (
        "GET", f"/workspaces/{wid(toggl)}/rates/workspace_user/{cat['id']}", {"type": "labor_costs"})
    assert result["response_type"] == "ephemeral"
    assert "Labor cost of Cat Coder" in result["text"] and "Now: *30.00 EUR*" in result["text"]
