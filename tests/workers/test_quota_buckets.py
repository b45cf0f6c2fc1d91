"""Toggl's limits as Toggl counts them (SPEC §12), through a real worker: one bucket per organization and
one for ``/me``; ``/toggl quota``; people and project members through groups; organization groups;
projects read page by page."""
from __future__ import annotations

from tests.support import env_without_approvals, wid

env = env_without_approvals()


def second_organization(toggl) -> int:
    """A second organization with workspace 9002, where the bot's admin is an admin too."""
    org = toggl.add_organization("Other Org")
    workspace = toggl.add_workspace(org["id"], name="Other HQ", plan="starter", currency="USD")
    assert workspace["id"] == 9002  # listed in the tests' TOGGLBOT_WORKSPACES
    toggl.add_workspace_user(workspace["id"], toggl.demo["users"][0]["id"], role="admin")
    cat = toggl.add_workspace_user(workspace["id"], toggl.demo["users"][2]["id"], rate=10)
    assert cat["id"]
    return org["id"]


def test_an_exhausted_me_bucket_leaves_admin_commands_running(bot, worker, toggl) -> None:
    toggl.set_quota(toggl.demo["admin_token"], remaining=0, resets_in=1800, me=True)
    result = bot.result(bot.command("user set cat@acme.test rate=70"))
    assert result["text"].startswith("✅")
    assert toggl.state.workspace_users[5003]["rate"] == 70
    assert [(r.path, r.status) for r in toggl.requests if r.path.startswith("/me")] == [("/me/workspaces", 402)]


def test_an_exhausted_organization_leaves_another_organizations_workspace_running(bot, worker, toggl,
                                                                                 slack) -> None:
    second_organization(toggl)
    toggl.set_quota(toggl.demo["admin_token"], remaining=0, resets_in=1800,
                    organization_id=toggl.demo["org"]["id"])
    held = bot.command("user set cat@acme.test rate=71")
    [interim] = slack.wait_for_responses(held.response_url, count=1)
    assert interim.body["text"].startswith("⏸")
    result = bot.result(bot.command("user set cat@acme.test rate=12 ws=9002"))
    assert result["text"].startswith("✅")
    assert [wu["rate"] for wu in toggl.state.workspace_users.values() if wu["wid"] == 9002 and wu["rate"]] == [12]


def test_a_200_with_nothing_remaining_does_not_hold_the_next_request(bot, worker, toggl, slack) -> None:
    toggl.set_quota(toggl.demo["admin_token"], remaining=1, resets_in=1800)
    bot.result(bot.command("users"))  # its people (the workspace comes from /me): the answer says Remaining: 0
    assert [(r.path, r.status) for r in toggl.requests] == [
        (f"/workspaces/{wid(toggl)}/workspace_users", 200), ("/me/workspaces", 200)]
    held = bot.command("user set cat@acme.test rate=72")
    [interim] = slack.wait_for_responses(held.response_url, count=1)
    assert interim.body["text"].startswith("⏸")
    last = toggl.requests[-1]
    assert (last.method, last.status) == ("PUT", 402)  # sent: only Toggl's 402 closes a bucket


def test_quota_shows_each_organization_and_the_me_bucket(bot, worker, toggl) -> None:
    bot.result(bot.command("users"))  # the workspace record names the organization
    result = bot.result(bot.command("quota"))
    text = result["text"]
    assert f"Organization {toggl.demo['org']['id']} (Acme HQ): " in text
    assert "Your own (`/me`) requests: " in text and " left, resets in " in text
    assert ("GET", "/me/quota") in [(r.method, r.path) for r in toggl.requests]


def test_quota_answers_from_the_last_headers_when_the_me_bucket_is_used_up(bot, worker, toggl) -> None:
    toggl.set_quota(toggl.demo["admin_token"], remaining=5, resets_in=1800)
    bot.result(bot.command("users"))
    toggl.set_quota(toggl.demo["admin_token"], remaining=0, resets_in=1800, me=True)
    shown = str(bot.result(bot.command("quota"))["blocks"])
    assert "numbers Toggl sent last" in shown
    assert f"Organization {toggl.demo['org']['id']} (Acme HQ): 4 left" in shown


# ------------------------------------------------------------ through a group
def add_group_only_member(toggl) -> dict:
    user = toggl.add_user(email="gil@acme.test", fullname="Gil Grouped", default_workspace_id=wid(toggl))
    member = toggl.add_workspace_user(wid(toggl), user["id"], role="user", direct=False)
    toggl.add_group(wid(toggl), "Contractors", [user["id"]])
    return member


def test_a_member_through_a_group_is_listed_changed_and_removed(bot, worker, toggl) -> None:
    member = add_group_only_member(toggl)
    listing = str(bot.result(bot.command("users gil"))["blocks"])
    assert "Gil Grouped" in listing and "(group)" in listing
    assert bot.result(bot.command("user set gil@acme.test rate=33"))["text"].startswith("✅")
    assert toggl.state.workspace_users[member["id"]]["rate"] == 33
    assert bot.result(bot.command("user remove gil@acme.test"))["text"].startswith("✅")
    assert member["id"] not in toggl.state.workspace_users
    sent = [r for r in toggl.requests if r.path.endswith("/workspace_users") and r.method == "GET"]
    assert sent and all(r.query.get("includeIndirect") == "true" for r in sent)


def test_a_project_member_only_through_a_group_gets_a_clear_refusal(bot, worker, toggl) -> None:
    developers = toggl.demo["groups"][1]
    toggl.add_project_group(toggl.demo["projects"][0]["id"], developers["id"])
    result = bot.result(bot.command('rate set project:"Website" bob@acme.test 70'))
    assert result["text"].startswith("❌")
    assert "only through the group Developers" in result["text"]
    members = [r for r in toggl.requests if r.path.endswith("/project_users")]
    assert members and members[0].query.get("with_group_members") == "true"


def test_groups_come_from_the_organization(bot, worker, toggl) -> None:
    result = bot.result(bot.command("user show cat@acme.test"))
    assert "Developers" in str(result["blocks"])
    paths = [r.path for r in toggl.requests]
    assert f"/organizations/{toggl.demo['org']['id']}/groups" in paths
    assert f"/workspaces/{wid(toggl)}/groups" not in paths


def test_all_projects_are_read_page_by_page(bot, worker, toggl) -> None:
    client = toggl.add_client(wid(toggl), "Huge Co")
    toggl.add_projects(wid(toggl), [f"Huge {i:03d}" for i in range(205)], client_id=client["id"])
    result = bot.result(bot.command('client archive "Huge Co"'), timeout=40)
    assert result["text"].startswith("✅") and "205 of its projects" in result["text"]
    pages = [r.query for r in toggl.requests if r.path == f"/workspaces/{wid(toggl)}/projects"]
    assert [(q["page"], q["per_page"], q["active"]) for q in pages] == [("1", "200", "both"), ("2", "200", "both")]
