"""Look-ups, called directly: people, clients, projects, groups, the workspace; cached in Redis."""
from __future__ import annotations

import pytest

from tests.conftest import ADMIN, OUTSIDER
from workers import lookups
from workers.errors import (
    Ambiguous,
    NoSlackEmail,
    NotFound,
    NotProjectMember,
    PersonNotInWorkspace,
    WorkspaceNotAllowed,
)


def wid(toggl) -> int:
    return toggl.demo["workspace"]["id"]


@pytest.mark.parametrize("selector, email", [
    ({"email": "CAT@acme.test"}, "cat@acme.test"),
    ({"slack_user": ADMIN}, "ann@acme.test"),
    ({"workspace_user_id": 5004}, "dan@acme.test"),
])
def test_a_person_is_found_by_email_mention_or_workspace_user_id(services, toggl, selector, email) -> None:
    [person] = lookups.find_people(services, wid(toggl), [selector])
    assert person["email"] == email


def test_several_people_are_found_with_one_list_call(services, toggl) -> None:
    found = lookups.find_people(services, wid(toggl), [{"email": "cat@acme.test"}, {"email": "dan@acme.test"}])
    assert [p["name"] for p in found] == ["Cat Coder", "Dan Designer"]
    assert [r.path for r in toggl.requests] == [f"/workspaces/{wid(toggl)}/workspace_users"]


def test_someone_outside_the_workspace_is_a_typed_error(services, toggl) -> None:
    with pytest.raises(PersonNotInWorkspace) as caught:
        lookups.find_people(services, wid(toggl), [{"slack_user": OUTSIDER}])
    assert (caught.value.label, caught.value.workspace_id) == ("zed@elsewhere.test", wid(toggl))


def test_a_slack_user_without_an_email_is_a_typed_error(services, toggl, slack) -> None:
    slack.add_user("U0BOTLIKE", email="", real_name="A Bot", name="bot")
    with pytest.raises(NoSlackEmail):
        lookups.find_people(services, wid(toggl), [{"slack_user": "U0BOTLIKE"}])


def test_a_second_look_up_comes_from_the_cache(services, toggl) -> None:
    lookups.workspace_users(services, wid(toggl))
    toggl.clear_requests()
    lookups.find_people(services, wid(toggl), [{"email": "ann@acme.test"}])
    assert toggl.requests == []


@pytest.mark.parametrize("selector, name", [({"name": "globex"}, "Globex"), ({"name": "UMBRELLA"}, "Umbrella")])
def test_a_client_is_found_by_name_ignoring_case(services, toggl, selector, name) -> None:
    assert lookups.find_client(services, wid(toggl), selector)["name"] == name


def test_a_client_is_found_by_id(services, toggl) -> None:
    initech = toggl.demo["clients"][1]
    assert lookups.find_client(services, wid(toggl), {"id": initech["id"]})["name"] == "Initech"


def test_a_shared_client_name_is_ambiguous_with_the_candidates(services, toggl) -> None:
    toggl.add_client(wid(toggl), "GLOBEX")
    with pytest.raises(Ambiguous) as caught:
        lookups.find_client(services, wid(toggl), {"name": "Globex"})
    assert sorted(c["name"] for c in caught.value.candidates) == ["GLOBEX", "Globex"]


def test_an_unknown_client_offers_names_that_contain_it(services, toggl) -> None:
    with pytest.raises(NotFound) as caught:
        lookups.find_client(services, wid(toggl), {"name": "glob"})
    assert [c["name"] for c in caught.value.similar] == ["Globex"]


def test_an_unknown_client_offers_close_names_ignoring_case(services, toggl) -> None:
    with pytest.raises(NotFound) as caught:
        lookups.find_client(services, wid(toggl), {"name": "INITEK"})
    assert [c["name"] for c in caught.value.similar] == ["Initech"]


def test_close_matches_are_at_most_three_closest_first() -> None:
    names = [{"name": n} for n in ("Globe Corp", "Initech", "Globex", "Glob", "Global Goods", "Globexx")]
    assert [c["name"] for c in lookups.close_matches("globex", names)] == ["Globex", "Globexx", "Glob"]
    assert lookups.close_matches("zzz", names) == [] and lookups.close_matches("", names) == []


def test_an_unknown_project_by_name_offers_close_names_from_all_projects(services, toggl) -> None:
    with pytest.raises(NotFound) as caught:
        lookups.find_project(services, wid(toggl), {"name": "Mobil Ap"})
    assert [p["name"] for p in caught.value.similar] == ["Mobile App"]


def test_someone_not_in_the_workspace_offers_people_named_alike(services, toggl) -> None:
    with pytest.raises(PersonNotInWorkspace) as caught:
        lookups.find_people(services, wid(toggl), [{"email": "cat@acme.tst"}])
    assert [p["email"] for p in caught.value.similar] == ["cat@acme.test"]
    with pytest.raises(PersonNotInWorkspace) as caught:
        lookups.find_people(services, wid(toggl), [{"email": "nobody@acme.test"}])
    assert caught.value.similar == []


def test_a_project_is_found_by_exact_name(services, toggl) -> None:
    assert lookups.find_project(services, wid(toggl), {"name": "mobile app"})["name"] == "Mobile App"


def test_a_project_user_must_be_on_the_project(services, toggl) -> None:
    website, ann = toggl.demo["projects"][0], toggl.demo["workspace_users"][0]
    with pytest.raises(NotProjectMember):
        lookups.find_project_user(services, wid(toggl), website, ann)


def test_unknown_groups_are_a_typed_error(services, toggl) -> None:
    with pytest.raises(NotFound) as caught:
        lookups.check_groups(services, wid(toggl), [toggl.demo["groups"][0]["id"], 6999])
    assert caught.value.label == "group:6999"
    assert caught.value.similar == []  # no group id is like it: the reply points at `/toggl groups`


def test_an_unknown_group_offers_groups_with_a_close_id(services, toggl) -> None:
    designers = toggl.demo["groups"][0]
    with pytest.raises(NotFound) as caught:
        lookups.check_groups(services, wid(toggl), [designers["id"] + 9])
    assert designers["id"] in [g["id"] for g in caught.value.similar]


def test_ws_wins_over_the_configured_workspace(services, toggl) -> None:
    assert lookups.resolve_workspace_id(services, 9002) == 9002
    assert lookups.resolve_workspace_id(services, None) == wid(toggl)


def test_a_workspace_outside_the_allow_list_is_refused_even_in_a_forged_job(services) -> None:
    with pytest.raises(WorkspaceNotAllowed):
        lookups.resolve_workspace_id(services, 4242)


def test_the_organization_comes_from_the_workspace(services, toggl) -> None:
    assert lookups.organization_id(services, wid(toggl)) == toggl.demo["org"]["id"]
