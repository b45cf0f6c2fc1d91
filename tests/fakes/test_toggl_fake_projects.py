"""The Toggl fake's projects listing and project users (people and groups)."""

from __future__ import annotations

import pytest

from fakes.toggl import TogglFake
from tests.fakes.toggl_helpers import admin, call, indirect_member, plain_user, uid_of, wid

PROJECT_USER_KEYS = {"id", "project_id", "user_id", "group_id", "gid", "workspace_id", "manager",
                     "rate", "rate_last_updated", "labor_cost", "labor_cost_last_updated", "at"}


def project_users_path(demo: dict) -> str:
    return f"/workspaces/{wid(demo)}/project_users"


def designers_on_website(fake: TogglFake, demo: dict) -> dict:
    """The "Designers" group (Dan, Ivy) assigned to the "Website" project at rate 70."""
    indirect_member(fake, demo)
    return fake.add_project_group(demo["projects"][0]["id"], demo["groups"][0]["id"], rate=70)


def group_rows(items: list[dict]) -> list[tuple]:
    return [(i["project_id"], i["user_id"], i["group_id"], i["gid"], i["rate"])
            for i in items if i["group_id"] is not None]


# ------------------------------------------------------------ project users
def test_project_users_without_group_members_list_people_only(fake: TogglFake, demo: dict) -> None:
    designers_on_website(fake, demo)
    items = call(fake, "GET", project_users_path(demo), admin(demo)).json()
    assert [i["id"] for i in items] == [pu["id"] for pu in demo["project_users"]]
    assert all(i["group_id"] is None and i["user_id"] for i in items)


def test_project_users_with_group_members_add_one_record_per_member(fake: TogglFake,
                                                                    demo: dict) -> None:
    ivy = indirect_member(fake, demo)
    website, designers = demo["projects"][0]["id"], demo["groups"][0]["id"]
    fake.add_project_group(website, designers, rate=70)
    items = call(fake, "GET", project_users_path(demo), admin(demo),
                 params={"with_group_members": "true"}).json()
    assert group_rows(items) == [(website, uid_of(demo, "dan@acme.test"), designers, designers, 70),
                                 (website, ivy["uid"], designers, designers, 70)]


def test_project_users_with_group_members_false_lists_people_only(fake: TogglFake,
                                                                  demo: dict) -> None:
    designers_on_website(fake, demo)
    items = call(fake, "GET", project_users_path(demo), admin(demo),
                 params={"with_group_members": "false"}).json()
    assert group_rows(items) == []


def test_project_user_records_have_the_documented_fields(fake: TogglFake, demo: dict) -> None:
    designers_on_website(fake, demo)
    items = call(fake, "GET", project_users_path(demo), admin(demo),
                 params={"with_group_members": "true"}).json()
    assert all(set(i) == PROJECT_USER_KEYS for i in items)


def test_group_member_records_keep_their_ids(fake: TogglFake, demo: dict) -> None:
    designers_on_website(fake, demo)
    params = {"with_group_members": "true"}
    first = call(fake, "GET", project_users_path(demo), admin(demo), params=params).json()
    second = call(fake, "GET", project_users_path(demo), admin(demo), params=params).json()
    ids = [i["id"] for i in first]
    assert ids == [i["id"] for i in second] and len(set(ids)) == len(ids)


def test_project_users_user_id_filter_includes_group_members(fake: TogglFake, demo: dict) -> None:
    designers_on_website(fake, demo)
    dan = uid_of(demo, "dan@acme.test")
    items = call(fake, "GET", project_users_path(demo), admin(demo),
                 params={"with_group_members": "true", "user_id": str(dan)}).json()
    assert [(i["user_id"], i["group_id"]) for i in items] == [
        (dan, None), (dan, demo["groups"][0]["id"])]


def test_project_users_project_ids_filter(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", project_users_path(demo), admin(demo),
                 params={"project_ids": str(demo["projects"][1]["id"])}).json()
    assert [i["id"] for i in items] == [demo["project_users"][1]["id"]]


@pytest.mark.parametrize(("params", "message"), [
    ({"project_ids": ",".join(str(n) for n in range(1, 202))},
     "project_ids cannot exceed 200 elements."),
    ({"user_id": "cat"}, "Invalid user_id"),
    ({"with_group_members": "maybe"}, "Invalid with_group_members"),
    ({"group_id": "6001"}, "Unknown query parameter: group_id"),
])
def test_project_users_query_400s(fake: TogglFake, demo: dict, params: dict, message: str) -> None:
    response = call(fake, "GET", project_users_path(demo), admin(demo), params=params)
    assert response.status_code == 400 and response.json() == message


def test_project_users_accept_200_project_ids(fake: TogglFake, demo: dict) -> None:
    params = {"project_ids": ",".join(str(n) for n in range(4001, 4201))}
    assert call(fake, "GET", project_users_path(demo), admin(demo), params=params).status_code == 200


@pytest.mark.parametrize("which", ["group member record", "group record"])
def test_rate_on_a_group_project_user_gets_400(fake: TogglFake, demo: dict, which: str) -> None:
    group_record = designers_on_website(fake, demo)
    items = call(fake, "GET", project_users_path(demo), admin(demo),
                 params={"with_group_members": "true"}).json()
    level_id = items[-1]["id"] if which == "group member record" else group_record["id"]
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
                    {"amount": 80, "level": "project_user", "level_id": level_id,
                     "type": "billable_rates", "mode": "start-today"})
    assert response.status_code == 400 and response.json() == "Project user not found"


def test_rate_on_a_project_user_updates_rate_and_its_date(fake: TogglFake, demo: dict) -> None:
    target = demo["project_users"][0]["id"]
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
                    {"amount": 80, "level": "project_user", "level_id": target,
                     "type": "billable_rates", "mode": "start-today"})
    assert response.status_code == 201
    stored = fake.state.project_users[target]
    assert stored["rate"] == 80 and stored["rate_last_updated"]


def test_add_project_group_needs_a_group_of_the_workspace(fake: TogglFake, demo: dict) -> None:
    other = fake.add_workspace(demo["org"]["id"], "Branch")
    elsewhere = fake.add_group(other["id"], "Elsewhere")
    with pytest.raises(ValueError):
        fake.add_project_group(demo["projects"][0]["id"], elsewhere["id"])


# ----------------------------------------------------------------- projects
def projects_path(demo: dict) -> str:
    return f"/workspaces/{wid(demo)}/projects"


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["Website", "Mobile App"]),
    ({"active": "true"}, ["Website", "Mobile App"]),
    ({"active": "false"}, ["Old"]),
    ({"active": "both"}, ["Website", "Mobile App", "Old"]),
])
def test_projects_active_filter_defaults_to_active(fake: TogglFake, demo: dict, params: dict,
                                                   expected: list[str]) -> None:
    fake.state.projects[demo["projects"][2]["id"]].update(active=False, name="Old")
    items = call(fake, "GET", projects_path(demo), plain_user(demo), params=params).json()
    assert [p["name"] for p in items] == expected


@pytest.mark.parametrize(("params", "message"), [
    ({"per_page": "201"}, "per_page must be at most 200"),
    ({"per_page": "0"}, "Invalid per_page"),
    ({"page": "0"}, "Invalid page"),
    ({"active": "yes"}, "Invalid active"),
    ({"search": "Web"}, "Unknown query parameter: search"),
])
def test_projects_query_400s(fake: TogglFake, demo: dict, params: dict, message: str) -> None:
    response = call(fake, "GET", projects_path(demo), plain_user(demo), params=params)
    assert response.status_code == 400 and response.json() == message


def test_projects_default_page_has_151(fake: TogglFake, demo: dict) -> None:
    fake.add_projects(wid(demo), [f"Bulk {n:03d}" for n in range(160)])
    assert len(call(fake, "GET", projects_path(demo), plain_user(demo)).json()) == 151


def test_projects_pages_start_at_one(fake: TogglFake, demo: dict) -> None:
    fake.add_projects(wid(demo), [f"Bulk {n:03d}" for n in range(3)])
    names = [p["name"] for p in call(fake, "GET", projects_path(demo), plain_user(demo),
                                     params={"per_page": "2", "page": "2"}).json()]
    assert names == ["Internal", "Bulk 000"]


def test_projects_carry_the_total_count(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", projects_path(demo), plain_user(demo), params={"per_page": "1"}).json()
    assert [p["total_count"] for p in items] == [3]


def test_projects_filter_by_project_ids(fake: TogglFake, demo: dict) -> None:
    wanted = f"{demo['projects'][0]['id']},{demo['projects'][2]['id']}"
    items = call(fake, "GET", projects_path(demo), plain_user(demo),
                 params={"project_ids": wanted}).json()
    assert [p["name"] for p in items] == ["Website", "Internal"]


def test_add_projects_creates_them_in_order(fake: TogglFake, demo: dict) -> None:
    made = fake.add_projects(wid(demo), ["A", "B"], active=False)
    assert [(p["name"], p["active"]) for p in made] == [("A", False), ("B", False)]
    assert made[1]["id"] == made[0]["id"] + 1
