"""``workspace`` and ``workspace set`` end to end through a real worker.

Approvals are switched off here (``TOGGLBOT_APPROVAL_REQUIRED=""``) so that
``workspace set`` runs straight away; approvals have tests of their own.
"""
from __future__ import annotations

from tests.support import env_without_approvals, wid, writes

env = env_without_approvals()


def free_workspace(toggl) -> dict:
    """A free-plan workspace of the demo organization where Ann is an admin."""
    free = toggl.add_workspace(toggl.demo["org"]["id"], name="Side Project", plan="free")
    toggl.add_workspace_user(free["id"], toggl.demo["users"][0]["id"], role="admin")
    return free


def test_workspace_shows_settings_and_statistics(bot, worker, toggl) -> None:
    sent = bot.command("workspace")
    result = bot.result(sent)
    assert sorted((r.method, r.path) for r in toggl.requests if r.status != 429) == [  # settings: the /me bucket
        ("GET", "/me/workspaces"), ("GET", f"/workspaces/{wid(toggl)}/statistics")]
    assert result["response_type"] == "ephemeral"
    assert f"ref {sent.ref}" in result["text"] and "Acme HQ" in result["text"]
    shown = str(result["blocks"])
    assert "*Currency*\\nEUR" in shown
    assert "*Members*\\n5" in shown
    assert "*Plan*\\nStarter" in shown
    assert "Ann Admin, Bob Boss" in shown


def test_workspace_set_rounding_puts_the_toggl_values(bot, worker, toggl) -> None:
    sent = bot.command("workspace set rounding=up rounding_minutes=15")
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{wid(toggl)}", {"rounding": 1, "rounding_minutes": 15})]
    assert result["text"].startswith("✅") and result["response_type"] == "in_channel"
    assert f"ref {sent.ref}" in result["text"]
    assert "rounding nearest → up" in result["text"] and "rounding step 0 min → 15 min" in result["text"]
    assert toggl.state.workspaces[wid(toggl)]["rounding_minutes"] == 15


def test_premium_setting_on_a_free_workspace_reports_togglss_words(bot, worker, toggl) -> None:
    free = free_workspace(toggl)
    sent = bot.command(f"workspace set rounding_minutes=15 ws={free['id']}")
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{free['id']}", {"rounding_minutes": 15})]
    assert result["text"].startswith("❌") and result["response_type"] == "ephemeral"
    assert f"ref {sent.ref}" in result["text"]
    assert "Must be a premium user to use rounding_minutes" in result["text"]


def test_ws_option_acts_on_that_workspace(bot, worker, toggl) -> None:
    free = free_workspace(toggl)
    sent = bot.command(f"workspace set only_admins_may_create_projects=true ws={free['id']}")
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{free['id']}", {"only_admins_may_create_projects": True})]
    assert result["text"].startswith("✅")
    assert "Side Project" in result["text"]
    assert toggl.state.workspaces[free["id"]]["only_admins_may_create_projects"] is True
    assert toggl.state.workspaces[wid(toggl)]["only_admins_may_create_projects"] is False


def test_workspace_show_with_ws_reads_that_workspace(bot, worker, toggl) -> None:
    free = free_workspace(toggl)
    result = bot.result(bot.command(f"workspace ws={free['id']}"))
    assert {r.path for r in toggl.requests} == {"/me/workspaces", f"/workspaces/{free['id']}/statistics"}
    assert "Side Project" in result["text"] and "*Plan*\\nFree" in str(result["blocks"])
