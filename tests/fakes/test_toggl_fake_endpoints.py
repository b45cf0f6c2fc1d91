"""The Toggl fake's alerts, time entry constraints, workspace creation and client archive/restore."""

from __future__ import annotations

from typing import Any

import pytest

from fakes.toggl import TogglFake
from tests.fakes.toggl_helpers import admin, call, free_workspace, oid, plain_user, uid_of, wid

ALERT_KEYS = {"billable", "client_id", "client_name", "errors", "estimatedHours", "id",
              "isFixedFee", "isPrivate", "object_type", "project_color", "project_id",
              "project_name", "receiver_groups", "receiver_roles", "receiver_users",
              "receiver_users_name", "receivers", "source_kind", "threshold", "threshold_type",
              "thresholds", "wid"}


def alerts_path(demo: dict) -> str:
    return f"/workspaces/{wid(demo)}/alerts"


def post_alert(fake: TogglFake, demo: dict) -> dict:
    """An alert on "Website" (client Globex) for Cat at 80 and 100."""
    return call(fake, "POST", alerts_path(demo), admin(demo), {
        "project_id": demo["projects"][0]["id"], "source_kind": "project",
        "threshold_type": "percentage", "thresholds": [80, 100],
        "receiver_users": [uid_of(demo, "cat@acme.test")]}).json()


# ------------------------------------------------------------------- alerts
def test_post_alert_answers_alert_with_meta(fake: TogglFake, demo: dict) -> None:
    alert = post_alert(fake, demo)
    assert set(alert) == ALERT_KEYS
    assert (alert["project_name"], alert["client_name"], alert["receiver_users_name"],
            alert["threshold"]) == ("Website", "Globex", ["Cat Coder"], 80)


def test_list_alerts_returns_the_alerts_of_the_workspace(fake: TogglFake, demo: dict) -> None:
    alert = post_alert(fake, demo)
    assert call(fake, "GET", alerts_path(demo), admin(demo)).json() == [alert]


def test_list_alerts_of_a_workspace_without_alerts_is_empty(fake: TogglFake, demo: dict) -> None:
    assert call(fake, "GET", alerts_path(demo), admin(demo)).json() == []


def test_list_alerts_needs_an_admin(fake: TogglFake, demo: dict) -> None:
    assert call(fake, "GET", alerts_path(demo), plain_user(demo)).status_code == 403


def test_list_alerts_rejects_query_parameters(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", alerts_path(demo), admin(demo), params={"page": "1"})
    assert response.status_code == 400


def test_delete_alert_gives_empty_200_and_removes_it(fake: TogglFake, demo: dict) -> None:
    alert = post_alert(fake, demo)
    response = call(fake, "DELETE", f"{alerts_path(demo)}/{alert['id']}", admin(demo))
    assert response.status_code == 200 and response.content == b""
    assert call(fake, "GET", alerts_path(demo), admin(demo)).json() == []


@pytest.mark.parametrize("alert_id", ["abc", "0", "1.5"])
def test_delete_alert_with_an_invalid_id_gets_400(fake: TogglFake, demo: dict, alert_id: str) -> None:
    response = call(fake, "DELETE", f"{alerts_path(demo)}/{alert_id}", admin(demo))
    assert response.status_code == 400 and response.json() == "invalid 'alert_id' passed in URL"


def test_delete_unknown_alert_gets_403(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "DELETE", f"{alerts_path(demo)}/30999", admin(demo))
    assert response.status_code == 403 and response.json() == "Alert not found or not accessible"


# ------------------------------------------------------------- constraints
def constraints_path(demo: dict) -> str:
    return f"/workspaces/{wid(demo)}/time_entry_constraints"


def test_constraints_default_to_all_false(fake: TogglFake, demo: dict) -> None:
    assert call(fake, "GET", constraints_path(demo), plain_user(demo)).json() == {
        "description_present": False, "project_present": False, "tag_present": False,
        "task_present": False, "time_entry_constraints_enabled": False}


def test_set_constraints_shows_in_the_answer(fake: TogglFake, demo: dict) -> None:
    fake.set_constraints(wid(demo), time_entry_constraints_enabled=True, project_present=True)
    body = call(fake, "GET", constraints_path(demo), plain_user(demo)).json()
    assert [k for k, v in body.items() if v] == ["project_present", "time_entry_constraints_enabled"]


@pytest.mark.parametrize("flags", [{"billable_present": True}, {"tag_present": "yes"}])
def test_set_constraints_refuses_unknown_flags(fake: TogglFake, demo: dict, flags: dict) -> None:
    with pytest.raises(ValueError):
        fake.set_constraints(wid(demo), **flags)


def test_constraints_of_an_unknown_workspace_get_400(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", "/workspaces/9999/time_entry_constraints", admin(demo))
    assert response.status_code == 400 and response.json() == "Workspace not found"


def test_constraints_of_a_workspace_of_others_get_403(fake: TogglFake, demo: dict) -> None:
    ws, _token = free_workspace(fake)
    response = call(fake, "GET", f"/workspaces/{ws['id']}/time_entry_constraints", admin(demo))
    assert response.status_code == 403
    assert response.json() == "User does not have access to this resource."


# --------------------------------------------------------- create workspace
def create_path(demo: dict, org: int = 0) -> str:
    return f"/organizations/{org or oid(demo)}/workspaces"


def test_create_workspace_answers_the_workspace(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "POST", create_path(demo), admin(demo), {"name": " Acme Lab "})
    body = response.json()
    assert response.status_code == 200
    assert (body["name"], body["organization_id"], body["role"], body["premium"]) == (
        "Acme Lab", oid(demo), "admin", True)  # the organization is on Starter


def test_create_workspace_makes_the_creator_an_admin(fake: TogglFake, demo: dict) -> None:
    new = call(fake, "POST", create_path(demo), admin(demo), {"name": "Acme Lab"}).json()
    member = fake.state.workspace_user_of(new["id"], uid_of(demo, "ann@acme.test"))
    assert member is not None and member["role"] == "admin"


def test_create_workspace_makes_the_listed_admins_admins(fake: TogglFake, demo: dict) -> None:
    bob = uid_of(demo, "bob@acme.test")
    new = call(fake, "POST", create_path(demo), admin(demo),
               {"name": "Acme Lab", "admins": [bob]}).json()
    assert fake.state.workspace_user_of(new["id"], bob)["role"] == "admin"


def test_create_workspace_applies_the_settings(fake: TogglFake, demo: dict) -> None:
    new = call(fake, "POST", create_path(demo), admin(demo),
               {"name": "Acme Lab", "default_hourly_rate": 90, "rounding": 1}).json()
    assert (new["default_hourly_rate"], new["rounding"]) == (90, 1)


@pytest.mark.parametrize(("body", "message"), [
    ({}, "workspace name must not be nil"),
    ({"name": None}, "workspace name must not be nil"),
    ({"name": "   "}, "workspace name must contain non-space characters"),
    ({"name": "x" * 141}, "workspace name must not be longer than 140"),
    ({"name": "acme hq"}, "another workspace with same name exists in organization"),
    ({"name": "Lab", "admins": [1999]}, "User with id 1999 does not exist."),
    ({"name": "Lab", "color": "red"}, "Unknown field: color"),
    ({"name": 5}, "JSON is not valid"),
])
def test_create_workspace_400s(fake: TogglFake, demo: dict, body: dict, message: str) -> None:
    response = call(fake, "POST", create_path(demo), admin(demo), body)
    assert response.status_code == 400 and response.json() == message


def test_create_workspace_admin_outside_the_organization_gets_400(fake: TogglFake,
                                                                  demo: dict) -> None:
    outsider = fake.add_user("out@elsewhere.test")
    response = call(fake, "POST", create_path(demo), admin(demo),
                    {"name": "Lab", "admins": [outsider["id"]]})
    assert response.status_code == 400
    assert response.json() == f"User {outsider['id']} not exists in the workspace."


def test_create_workspace_in_a_free_organization_refuses_premium_keys(fake: TogglFake) -> None:
    ws, token = free_workspace(fake)
    response = call(fake, "POST", f"/organizations/{ws['organization_id']}/workspaces", token,
                    {"name": "Second", "rounding": 1})
    assert response.status_code == 402 and response.json() == "Must be a premium user to use rounding"


def test_create_workspace_by_a_non_admin_gets_403(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "POST", create_path(demo), plain_user(demo), {"name": "Lab"})
    assert response.status_code == 403 and response.json() == "Forbidden"


@pytest.mark.parametrize("which", ["unknown", "not a member"])
def test_create_workspace_in_an_inaccessible_organization_gets_404(fake: TogglFake, demo: dict,
                                                                   which: str) -> None:
    org = 7999 if which == "unknown" else free_workspace(fake)[0]["organization_id"]
    response = call(fake, "POST", create_path(demo, org), admin(demo), {"name": "Lab"})
    assert response.status_code == 404 and response.json() == "Organization not found/accessible"


def test_create_workspace_past_100_workspaces_gets_400(fake: TogglFake, demo: dict) -> None:
    ann = uid_of(demo, "ann@acme.test")
    for number in range(99):
        ws = fake.add_workspace(oid(demo), f"Extra {number}")
        fake.add_workspace_user(ws["id"], ann, role="admin")
    response = call(fake, "POST", create_path(demo), admin(demo), {"name": "One too many"})
    assert response.status_code == 400
    assert response.json() == "user can have a maximum of 100 workspaces"


# --------------------------------------------------------- archive, restore
def client_path(demo: dict, cid: int, action: str) -> str:
    return f"/workspaces/{wid(demo)}/clients/{cid}/{action}"


@pytest.mark.parametrize("action", ["archive", "restore"])
def test_archive_and_restore_of_an_unknown_client_get_404(fake: TogglFake, demo: dict,
                                                          action: str) -> None:
    response = call(fake, "POST", client_path(demo, 3999, action), admin(demo))
    assert response.status_code == 404 and response.json() == "No client with ID 3999 was found"


@pytest.mark.parametrize("action", ["archive", "restore"])
def test_archive_and_restore_by_a_non_admin_get_403(fake: TogglFake, demo: dict,
                                                    action: str) -> None:
    response = call(fake, "POST", client_path(demo, demo["clients"][0]["id"], action),
                    plain_user(demo))
    assert response.status_code == 403 and response.json() == "Forbidden"


def test_archive_takes_no_body(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "POST", client_path(demo, demo["clients"][0]["id"], "archive"),
                    admin(demo), {"projects": []})
    assert response.status_code == 400 and response.json() == "Unknown field: projects"


def archived_globex(fake: TogglFake, demo: dict) -> int:
    """Globex with a second project, both archived with it; returns its id."""
    cid = demo["clients"][0]["id"]
    fake.add_project(wid(demo), "Website v2", client_id=cid)
    call(fake, "POST", client_path(demo, cid, "archive"), admin(demo))
    return cid


def active_names(fake: TogglFake, cid: int) -> list[str]:
    return [p["name"] for p in fake.state.projects.values()
            if p["client_id"] == cid and p["active"]]


@pytest.mark.parametrize(("body", "expected"), [
    (None, []),
    ({"projects": [4001]}, ["Website"]),
    ({"restore_all_projects": True}, ["Website", "Website v2"]),
])
def test_restore_reactivates_the_projects_asked_for(fake: TogglFake, demo: dict, body: Any,
                                                    expected: list[str]) -> None:
    cid = archived_globex(fake, demo)
    response = call(fake, "POST", client_path(demo, cid, "restore"), admin(demo), body)
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["archived"]) == (cid, False)
    assert active_names(fake, cid) == expected


def test_restore_with_a_project_of_another_client_gets_400(fake: TogglFake, demo: dict) -> None:
    cid = archived_globex(fake, demo)
    response = call(fake, "POST", client_path(demo, cid, "restore"), admin(demo),
                    {"projects": [demo["projects"][1]["id"]]})
    assert response.status_code == 400 and response.json() == "Bad Request"


def test_my_workspaces_lists_the_callers_workspaces_with_their_settings(fake, demo) -> None:
    import requests

    answer = requests.get(fake.url + "/me/workspaces", auth=(demo["admin_token"], "api_token"), timeout=5)
    [workspace] = answer.json()
    single = requests.get(fake.url + f"/workspaces/{demo['workspace']['id']}",
                          auth=(demo["admin_token"], "api_token"), timeout=5).json()
    assert {key: value for key, value in workspace.items() if key != "active_project_count"} == single
    assert workspace["active_project_count"] == 3
