"""The Toggl fake's workspace users (direct and through groups) and organization groups."""

from __future__ import annotations

import pytest

from fakes.toggl import TogglFake
from tests.fakes.toggl_helpers import (
    admin,
    call,
    free_workspace,
    indirect_member,
    oid,
    plain_user,
    uid_of,
    wid,
    wu_of,
)


def ws_users_path(demo: dict) -> str:
    return f"/workspaces/{wid(demo)}/workspace_users"


def org_users_path(demo: dict, org: int = 0, workspace: int = 0) -> str:
    return (f"/organizations/{org or oid(demo)}/workspaces/{workspace or wid(demo)}"
            "/workspace_users")


def emails(items: list[dict]) -> list[str]:
    return [i["email"] for i in items]


# ------------------------------------------------------- indirect members
@pytest.mark.parametrize(("params", "has_ivy"), [
    ({}, False), ({"includeIndirect": "false"}, False), ({"includeIndirect": "true"}, True)])
def test_workspace_users_include_indirect_only_when_asked(fake: TogglFake, demo: dict,
                                                          params: dict, has_ivy: bool) -> None:
    indirect_member(fake, demo)
    items = call(fake, "GET", ws_users_path(demo), admin(demo), params=params).json()
    assert ("ivy@acme.test" in emails(items)) is has_ivy
    assert len(items) == 5 + has_ivy


def test_indirect_member_has_is_direct_false(fake: TogglFake, demo: dict) -> None:
    indirect_member(fake, demo)
    items = call(fake, "GET", ws_users_path(demo), admin(demo),
                 params={"includeIndirect": "true"}).json()
    assert {i["email"]: i["is_direct"] for i in items}["ivy@acme.test"] is False
    assert {i["email"]: i["is_direct"] for i in items}["ann@acme.test"] is True


def test_indirect_member_lists_its_group(fake: TogglFake, demo: dict) -> None:
    ivy = indirect_member(fake, demo)
    items = call(fake, "GET", ws_users_path(demo), admin(demo),
                 params={"includeIndirect": "true"}).json()
    assert next(i for i in items if i["id"] == ivy["id"])["group_ids"] == [demo["groups"][0]["id"]]


@pytest.mark.parametrize(("params", "message"), [
    ({"include_indirect": "true"}, "Unknown query parameter: include_indirect"),
    ({"includeIndirect": "yes"}, "Invalid includeIndirect"),
])
def test_workspace_users_query_400s(fake: TogglFake, demo: dict, params: dict, message: str) -> None:
    response = call(fake, "GET", ws_users_path(demo), admin(demo), params=params)
    assert response.status_code == 400 and response.json() == message


def test_put_works_on_an_indirect_member(fake: TogglFake, demo: dict) -> None:
    ivy = indirect_member(fake, demo)
    response = call(fake, "PUT", f"{ws_users_path(demo)}/{ivy['id']}", admin(demo), {"rate": 42})
    assert response.status_code == 200 and response.json()["rate"] == 42
    assert response.json()["is_direct"] is False


def test_delete_works_on_an_indirect_member(fake: TogglFake, demo: dict) -> None:
    ivy = indirect_member(fake, demo)
    response = call(fake, "DELETE", f"{ws_users_path(demo)}/{ivy['id']}", admin(demo))
    assert response.status_code == 200 and ivy["id"] not in fake.state.workspace_users


def test_bulk_patch_deletes_an_indirect_member(fake: TogglFake, demo: dict) -> None:
    ivy = indirect_member(fake, demo)
    response = call(fake, "PATCH", org_users_path(demo), admin(demo), {"delete": [ivy["id"]]})
    assert response.status_code == 200 and ivy["id"] not in fake.state.workspace_users


# ------------------------------------------- organization workspace users
def test_org_workspace_users_list_direct_and_indirect(fake: TogglFake, demo: dict) -> None:
    indirect_member(fake, demo)
    items = call(fake, "GET", org_users_path(demo), admin(demo)).json()
    assert emails(items) == ["ann@acme.test", "bob@acme.test", "cat@acme.test",
                             "dan@acme.test", "eve@acme.test", "ivy@acme.test"]


def test_org_workspace_users_carry_user_id_and_workspace_id(fake: TogglFake, demo: dict) -> None:
    ann = call(fake, "GET", org_users_path(demo), admin(demo)).json()[0]
    assert (ann["id"], ann["uid"], ann["user_id"], ann["workspace_id"], ann["wid"]) == (
        wu_of(demo, "ann@acme.test")["id"], uid_of(demo, "ann@acme.test"),
        uid_of(demo, "ann@acme.test"), wid(demo), wid(demo))


def test_org_workspace_users_show_an_invitation_not_accepted(fake: TogglFake, demo: dict) -> None:
    user = fake.add_user("new@acme.test", "New Invitee")
    fake.add_workspace_user(wid(demo), user["id"], active=False)
    items = call(fake, "GET", org_users_path(demo), admin(demo)).json()
    invited = next(i for i in items if i["email"] == "new@acme.test")
    assert invited["active"] is False and invited["inactive"] is False
    assert invited["invitation_code"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"custom_rates": "true"}, ["ann@acme.test", "cat@acme.test"]),
    ({"custom_rates": "false"}, ["bob@acme.test", "dan@acme.test", "eve@acme.test"]),
    ({"active": "true"}, ["ann@acme.test", "bob@acme.test", "cat@acme.test", "dan@acme.test"]),
    ({"active": "false"}, ["eve@acme.test"]),
    ({"name": "AN"}, ["ann@acme.test", "dan@acme.test"]),
    ({"search": "bob@"}, ["bob@acme.test"]),
    ({"search": "coder"}, ["cat@acme.test"]),
    ({"per_page": "2", "page": "2"}, ["cat@acme.test", "dan@acme.test"]),
    ({"page": "2"}, []),
])
def test_org_workspace_users_filters(fake: TogglFake, demo: dict, params: dict,
                                     expected: list[str]) -> None:
    items = call(fake, "GET", org_users_path(demo), admin(demo), params=params).json()
    assert emails(items) == expected


def test_org_workspace_users_labor_cost_alone_is_a_custom_rate(fake: TogglFake, demo: dict) -> None:
    fake.state.workspace_users[wu_of(demo, "bob@acme.test")["id"]]["labor_cost"] = 20
    items = call(fake, "GET", org_users_path(demo), admin(demo),
                 params={"custom_rates": "true"}).json()
    assert emails(items) == ["ann@acme.test", "bob@acme.test", "cat@acme.test"]


@pytest.mark.parametrize(("params", "message"), [
    ({"pending": "true"}, "Unknown query parameter: pending"),
    ({"per_page": "0"}, "Invalid per_page"),
    ({"active": "maybe"}, "Invalid active"),
])
def test_org_workspace_users_query_400s(fake: TogglFake, demo: dict, params: dict,
                                        message: str) -> None:
    response = call(fake, "GET", org_users_path(demo), admin(demo), params=params)
    assert response.status_code == 400 and response.json() == message


def test_org_workspace_users_non_admin_gets_403_forbidden(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", org_users_path(demo), plain_user(demo))
    assert response.status_code == 403 and response.json() == "Forbidden"


def test_org_workspace_users_workspace_of_another_org_gets_403(fake: TogglFake, demo: dict) -> None:
    ws, token = free_workspace(fake)
    response = call(fake, "GET", org_users_path(demo, workspace=ws["id"]), token)
    assert response.status_code == 403 and response.json() == "Forbidden"


@pytest.mark.parametrize("which", ["organization", "workspace"])
def test_org_workspace_users_unknown_ids_get_404(fake: TogglFake, demo: dict, which: str) -> None:
    path = (org_users_path(demo, org=7999) if which == "organization"
            else org_users_path(demo, workspace=9999))
    response = call(fake, "GET", path, admin(demo))
    assert response.status_code == 404 and response.json() == "Resource can not be found"


# ---------------------------------------------------------- organization groups
def groups_path(demo: dict, org: int = 0) -> str:
    return f"/organizations/{org or oid(demo)}/groups"


def test_org_groups_answer_the_documented_shape(fake: TogglFake, demo: dict) -> None:
    designers = call(fake, "GET", groups_path(demo), plain_user(demo)).json()[0]
    dan = demo["users"][3]
    assert designers == {
        "group_id": demo["groups"][0]["id"], "name": "Designers", "at": designers["at"],
        "permissions": [], "workspaces": [wid(demo)],
        "users": [{"user_id": dan["id"], "name": "Dan Designer", "avatar_url": dan["image_url"],
                   "inactive": False, "joined": True}]}


def test_org_groups_are_sorted_by_name(fake: TogglFake, demo: dict) -> None:
    fake.add_group(wid(demo), "Analysts")
    names = [g["name"] for g in call(fake, "GET", groups_path(demo), admin(demo)).json()]
    assert names == ["Analysts", "Designers", "Developers"]


def test_org_groups_filter_by_workspace(fake: TogglFake, demo: dict) -> None:
    other = fake.add_workspace(oid(demo), "Branch")
    both = fake.add_group(wid(demo), "Everyone", workspace_ids=[other["id"]])
    items = call(fake, "GET", groups_path(demo), admin(demo),
                 params={"workspace": str(other["id"])}).json()
    assert [(g["group_id"], g["workspaces"]) for g in items] == [
        (both["id"], [wid(demo), other["id"]])]


def test_org_groups_filter_by_name_substring(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", groups_path(demo), admin(demo), params={"name": "SIGN"}).json()
    assert [g["name"] for g in items] == ["Designers"]


def test_org_groups_show_deactivated_and_invited_members(fake: TogglFake, demo: dict) -> None:
    invited = fake.add_user("inv@acme.test", "Invited")
    fake.add_workspace_user(wid(demo), invited["id"], active=False)
    fake.add_group(wid(demo), "Mixed", [uid_of(demo, "eve@acme.test"), invited["id"]])
    mixed = call(fake, "GET", groups_path(demo), admin(demo), params={"name": "Mixed"}).json()[0]
    assert [(u["name"], u["inactive"], u["joined"]) for u in mixed["users"]] == [
        ("Eve Former", True, True), ("Invited", False, False)]


@pytest.mark.parametrize(("params", "message"), [
    ({"workspace": "abc"}, "Invalid number abc"),
    ({"page": "1"}, "Unknown query parameter: page"),
])
def test_org_groups_query_400s(fake: TogglFake, demo: dict, params: dict, message: str) -> None:
    response = call(fake, "GET", groups_path(demo), admin(demo), params=params)
    assert response.status_code == 400 and response.json() == message


@pytest.mark.parametrize("which", ["other organization", "unknown organization"])
def test_org_groups_non_member_gets_403(fake: TogglFake, demo: dict, which: str) -> None:
    ws, _token = free_workspace(fake)
    org = ws["organization_id"] if which == "other organization" else 7999
    assert call(fake, "GET", groups_path(demo, org), admin(demo)).status_code == 403


def test_add_group_rejects_a_workspace_of_another_organization(fake: TogglFake, demo: dict) -> None:
    ws, _token = free_workspace(fake)
    with pytest.raises(ValueError):
        fake.add_group(wid(demo), "Across", workspace_ids=[ws["id"]])


def test_group_ids_stay_in_the_group_range(fake: TogglFake, demo: dict) -> None:
    assert [g["id"] for g in demo["groups"]] == [6001, 6002]


def test_deprecated_workspace_groups_listing_answers_as_before(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", f"/workspaces/{wid(demo)}/groups", plain_user(demo)).json()
    assert items[1] == {"id": demo["groups"][1]["id"], "name": "Developers", "wid": wid(demo),
                        "workspace_id": wid(demo), "user_ids": demo["groups"][1]["user_ids"],
                        "at": items[1]["at"], "server_deleted_at": None}


def test_deprecated_listing_shows_groups_assigned_to_the_workspace(fake: TogglFake, demo: dict) -> None:
    other = fake.add_workspace(oid(demo), "Branch")
    fake.add_group(other["id"], "Branch team", workspace_ids=[wid(demo)])
    fake.add_group(other["id"], "Branch only")
    names = [g["name"] for g in call(fake, "GET", f"/workspaces/{wid(demo)}/groups",
                                     admin(demo)).json()]
    assert names == ["Designers", "Developers", "Branch team"]


def test_reminder_accepts_a_group_assigned_to_the_workspace(fake: TogglFake, demo: dict) -> None:
    other = fake.add_workspace(oid(demo), "Branch")
    shared = fake.add_group(other["id"], "Shared", workspace_ids=[wid(demo)])
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/track_reminders", admin(demo),
                    {"frequency": 1, "threshold": 8, "group_ids": [shared["id"]]})
    assert response.status_code == 200


def test_reminder_refuses_a_group_not_assigned_to_the_workspace(fake: TogglFake, demo: dict) -> None:
    other = fake.add_workspace(oid(demo), "Branch")
    elsewhere = fake.add_group(other["id"], "Elsewhere")
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/track_reminders", admin(demo),
                    {"frequency": 1, "threshold": 8, "group_ids": [elsewhere["id"]]})
    assert response.status_code == 403


def test_statistics_count_groups_assigned_to_the_workspace(fake: TogglFake, demo: dict) -> None:
    other = fake.add_workspace(oid(demo), "Branch")
    fake.add_group(other["id"], "Branch only")
    stats = call(fake, "GET", f"/workspaces/{wid(demo)}/statistics", admin(demo)).json()
    assert stats["groups_count"] == 2
