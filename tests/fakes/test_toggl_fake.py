"""Tests of the strict Toggl Track API v9 fake itself."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from fakes.toggl import TogglFake
from tests.fakes.toggl_helpers import admin, call, free_workspace, plain_user, wid, wu_of

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# -------------------------------------------------------------------- auth
def test_missing_auth_gets_401_with_empty_body(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", "/me")
    assert response.status_code == 401
    assert response.content == b""
    assert response.headers["X-Authorization-Missing"] == "true"
    assert fake.requests[-1].token is None and fake.requests[-1].status == 401


def test_unknown_token_gets_403(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", "/me", token="not-a-token")
    assert response.status_code == 403
    assert "Incorrect username and/or password" in response.text


def test_wrong_password_gets_403(fake: TogglFake, demo: dict) -> None:
    response = requests.get(fake.url + "/me", auth=(admin(demo), "secret"), timeout=5)
    assert response.status_code == 403


def test_get_me_returns_the_user(fake: TogglFake, demo: dict) -> None:
    body = call(fake, "GET", "/me", admin(demo)).json()
    assert body["email"] == "ann@acme.test"
    assert body["default_workspace_id"] == wid(demo)


def test_requests_are_recorded(fake: TogglFake, demo: dict) -> None:
    call(fake, "PUT", "/me", admin(demo), {"fullname": "Ann A."}, params={"x": "1"})
    record = fake.requests_for("PUT", "/me")[-1]
    assert (record.path, record.token, record.json, record.status) == (
        "/me", admin(demo), {"fullname": "Ann A."}, 400)  # x is undocumented
    assert record.query == {"x": "1"}
    fake.clear_requests()
    assert fake.requests == []


# ------------------------------------------------------- rate limit, quota
def test_second_request_within_a_second_gets_429_html_without_retry_after() -> None:
    with TogglFake(rate_limit=True) as fake:
        token = fake.seed_demo()["tokens"]["ann@acme.test"]
        assert call(fake, "GET", "/me", token).status_code == 200
        response = call(fake, "GET", "/me", token)
    assert response.status_code == 429
    assert response.headers["Content-Type"].startswith("text/html")
    assert "429 Too Many Requests" in response.text and "<html>" in response.text
    assert "Retry-After" not in response.headers


def test_rate_limit_counts_per_token() -> None:
    with TogglFake(rate_limit=True) as fake:
        tokens = fake.seed_demo()["tokens"]
        first = call(fake, "GET", "/me", tokens["ann@acme.test"])
        second = call(fake, "GET", "/me", tokens["bob@acme.test"])
    assert (first.status_code, second.status_code) == (200, 200)


def test_request_one_second_later_is_not_limited() -> None:
    with TogglFake(rate_limit=True) as fake:
        token = fake.seed_demo()["tokens"]["ann@acme.test"]
        assert call(fake, "GET", "/me", token).status_code == 200
        time.sleep(1.0)
        assert call(fake, "GET", "/me", token).status_code == 200


def test_exhausted_quota_gives_402_with_quota_headers(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=1, resets_in=120, me=True)
    ok = call(fake, "GET", "/me", admin(demo))
    refused = call(fake, "GET", "/me", admin(demo))
    assert ok.status_code == 200 and ok.headers["X-Toggl-Quota-Remaining"] == "0"
    assert refused.status_code == 402
    assert refused.headers["X-Toggl-Quota-Remaining"] == "0"
    assert 115 <= int(refused.headers["X-Toggl-Quota-Resets-In"]) <= 120
    assert "quota" in refused.json()


def test_quota_headers_on_ordinary_responses(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=10, resets_in=600)
    response = call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    assert response.headers["X-Toggl-Quota-Remaining"] == "9"
    assert "X-Toggl-Quota-Remaining" not in call(fake, "GET", "/me", plain_user(demo)).headers


def test_quota_per_hour_is_counted_per_token() -> None:
    with TogglFake(rate_limit=False, quota_per_hour=2) as fake:
        tokens = fake.seed_demo()["tokens"]
        statuses = [call(fake, "GET", "/me", tokens["ann@acme.test"]).status_code
                    for _ in range(3)]
        other = call(fake, "GET", "/me", tokens["bob@acme.test"])
    assert statuses == [200, 200, 402]
    assert other.status_code == 200 and other.headers["X-Toggl-Quota-Remaining"] == "1"


def test_plan_402_on_rates_for_free_workspace(fake: TogglFake) -> None:
    ws, token = free_workspace(fake)
    response = call(fake, "POST", f"/workspaces/{ws['id']}/rates", token,
                    {"amount": 10, "level": "workspace", "level_id": ws["id"],
                     "type": "billable_rates", "mode": "start-today"})
    assert response.status_code == 402
    assert response.json() == "Billable rates are available for Starter and higher plans."
    assert "X-Toggl-Quota-Remaining" not in response.headers


def test_premium_workspace_setting_on_free_plan_gets_402(fake: TogglFake) -> None:
    ws, token = free_workspace(fake)
    response = call(fake, "PUT", f"/workspaces/{ws['id']}", token, {"default_hourly_rate": 5})
    assert response.status_code == 402
    assert response.json() == "Must be a premium user to use default_hourly_rate"


# ---------------------------------------------------------------- strictness
def test_unknown_body_key_gets_400(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "PUT", "/me", admin(demo), {"fullname": "A", "foo": 1})
    assert response.status_code == 400 and response.json() == "Unknown field: foo"


@pytest.mark.parametrize("body", [{"beginning_of_week": "1"}, {"beginning_of_week": 1.0},
                                  {"fullname": True}, "not an object"])
def test_wrong_type_gets_json_is_not_valid(fake: TogglFake, demo: dict, body: Any) -> None:
    response = call(fake, "PUT", "/me", admin(demo), body)
    assert response.status_code == 400 and response.json() == "JSON is not valid"


def test_broken_json_gets_json_is_not_valid(fake: TogglFake, demo: dict) -> None:
    response = requests.put(fake.url + "/me", data=b"{oops", auth=(admin(demo), "api_token"),
                            headers={"Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == "JSON is not valid"


def test_unknown_route_gets_plain_404(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", "/workspaces/1/nothing", admin(demo))
    assert response.status_code == 404 and response.text == "Not Found"


def test_wrong_method_gets_405(fake: TogglFake, demo: dict) -> None:
    assert call(fake, "DELETE", "/me", admin(demo)).status_code == 405


# -------------------------------------------------------------------- PUT /me
@pytest.mark.parametrize(("body", "message"), [
    ({"timezone": "Mars/Olympus"}, "Invalid timezone"),
    ({"beginning_of_week": 7}, "Invalid beginning_of_week"),
    ({"country_id": 0}, "Invalid country_id"),
    ({"default_workspace_id": 424242}, "Invalid default_workspace_id"),
    ({"email": "not-an-email"}, "Invalid email"),
    ({"email": "BOB@acme.test"}, "user with this email already exists"),
    ({"fullname": "  "}, "Invalid fullname"),
    ({"password": "newpass1"}, "Current password must be present to change password"),
    ({"password": "abc", "current_password": "password123"},
     "Password should be at least 6 characters"),
    ({"password": "newpass1", "current_password": "wrong"}, "Current password is not valid"),
])
def test_put_me_documented_400s(fake: TogglFake, demo: dict, body: dict, message: str) -> None:
    response = call(fake, "PUT", "/me", admin(demo), body)
    assert response.status_code == 400
    assert response.json() == message


def test_put_me_updates_and_returns_the_user(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "PUT", "/me", admin(demo),
                    {"timezone": "America/New_York", "beginning_of_week": 0, "fullname": "Ann B"})
    assert response.status_code == 200
    assert response.json()["timezone"] == "America/New_York"
    assert fake.state.users[response.json()["id"]]["fullname"] == "Ann B"


# ---------------------------------------------------------------- permissions
def test_non_member_gets_403_on_workspace(fake: TogglFake, demo: dict) -> None:
    ws, token = free_workspace(fake)
    response = call(fake, "GET", f"/workspaces/{wid(demo)}", token)
    assert response.status_code == 403
    assert response.json() == "User does not have access to this resource."


def test_non_admin_gets_403_on_write(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "dan@acme.test")["id"]
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/workspace_users/{target}",
                    plain_user(demo), {"role": "admin"})
    assert response.status_code == 403


def test_deactivated_member_gets_403(fake: TogglFake, demo: dict) -> None:
    token = demo["tokens"]["eve@acme.test"]
    assert call(fake, "GET", f"/workspaces/{wid(demo)}", token).status_code == 403


# -------------------------------------------------------------- workspace users
def test_workspace_users_listing_has_both_ids(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", f"/workspaces/{wid(demo)}/workspace_users", admin(demo)).json()
    ann = next(i for i in items if i["email"] == "ann@acme.test")
    assert (ann["id"], ann["uid"]) == (wu_of(demo, "ann@acme.test")["id"], demo["users"][0]["id"])
    assert ann["rate"] == 60 and ann["labor_cost"] == 35


def test_workspace_users_listing_shows_group_ids(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", f"/workspaces/{wid(demo)}/workspace_users", admin(demo)).json()
    cat = next(i for i in items if i["email"] == "cat@acme.test")
    assert cat["group_ids"] == [demo["groups"][1]["id"]]


def test_workspace_users_listing_needs_admin(fake: TogglFake, demo: dict) -> None:
    path = f"/workspaces/{wid(demo)}/workspace_users"
    assert call(fake, "GET", path, plain_user(demo)).status_code == 403


def test_users_listing_uses_global_ids(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", f"/workspaces/{wid(demo)}/users", plain_user(demo)).json()
    assert sorted(i["id"] for i in items) == sorted(u["id"] for u in demo["users"])


def test_org_listing_is_a_plain_array_and_filters(fake: TogglFake, demo: dict) -> None:
    path = f"/organizations/{demo['org']['id']}/workspaces/{wid(demo)}/workspace_users"
    body = call(fake, "GET", path, admin(demo), params={"search": "acme.test",
                                                         "active": "false"}).json()
    assert [i["email"] for i in body] == ["eve@acme.test"]


def test_put_workspace_user_changes_role_and_rate(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "dan@acme.test")["id"]
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/workspace_users/{target}",
                    admin(demo), {"role": "projectlead", "rate": 70,
                                  "working_hours_in_minutes": 420})
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["rate"]) == ("projectlead", 70)
    assert fake.state.workspace_users[target]["working_hours_in_minutes"] == 420


@pytest.mark.parametrize(("body", "message"), [
    ({"admin": True, "role_id": 1}, "Cannot use both admin flags and role_id."),
    ({"working_hours_in_minutes": 0}, "Working hours must be positive or null"),
    ({"role": "owner"}, "Invalid role"),
])
def test_put_workspace_user_400s(fake: TogglFake, demo: dict, body: dict, message: str) -> None:
    target = wu_of(demo, "dan@acme.test")["id"]
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/workspace_users/{target}",
                    admin(demo), body)
    assert response.status_code == 400 and response.json() == message


def test_put_workspace_user_with_global_id_gets_403(fake: TogglFake, demo: dict) -> None:
    global_id = wu_of(demo, "dan@acme.test")["uid"]
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/workspace_users/{global_id}",
                    admin(demo), {"role": "user"})
    assert response.status_code == 403


def test_workspace_user_of_another_workspace_gets_403(fake: TogglFake, demo: dict) -> None:
    ws, _token = free_workspace(fake)
    stranger = fake.state.members(ws["id"])[0]["id"]
    response = call(fake, "DELETE", f"/workspaces/{wid(demo)}/workspace_users/{stranger}",
                    admin(demo))
    assert response.status_code == 403
    assert response.json() == "Workspace user is not found or accessible"


def test_delete_workspace_user_gives_empty_200(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "dan@acme.test")["id"]
    response = call(fake, "DELETE", f"/workspaces/{wid(demo)}/workspace_users/{target}",
                    admin(demo))
    assert response.status_code == 200 and response.content == b""
    assert target not in fake.state.workspace_users


def test_bulk_delete_is_all_or_nothing(fake: TogglFake, demo: dict) -> None:
    path = f"/organizations/{demo['org']['id']}/workspaces/{wid(demo)}/workspace_users"
    good = wu_of(demo, "dan@acme.test")["id"]
    wrong_kind = wu_of(demo, "cat@acme.test")["uid"]
    response = call(fake, "PATCH", path, admin(demo), {"delete": [good, wrong_kind]})
    assert response.status_code == 400 and response.json() == "Wrong workspace user IDs"
    assert good in fake.state.workspace_users
    assert call(fake, "PATCH", path, admin(demo), {"delete": [good]}).status_code == 200
    assert good not in fake.state.workspace_users


@pytest.mark.parametrize(("body", "message"), [
    ({"delete": []}, "At least one workspace user ID must be supplied."),
    ({}, "At least one workspace user ID must be supplied."),
    ({"delete": [5003, 5003]}, "Workspace user IDs must be unique"),
])
def test_bulk_delete_400s(fake: TogglFake, demo: dict, body: dict, message: str) -> None:
    path = f"/organizations/{demo['org']['id']}/workspaces/{wid(demo)}/workspace_users"
    response = call(fake, "PATCH", path, admin(demo), body)
    assert response.status_code == 400 and response.json() == message


# ---------------------------------------------------------------------- rates
def rate_body(**overrides: Any) -> dict:
    """A valid POST …/rates body with some keys replaced (None removes)."""
    body = {"amount": 80, "level": "workspace_user", "level_id": 5003,
            "type": "billable_rates", "mode": "start-today"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(("body", "message"), [
    ({}, "Request payload must be informed"),
    (rate_body(amount=0), "Invalid amount: it must be greater than 0"),
    (rate_body(level="user"), "Invalid level: it should be workspace, workspace_user, "
                              "project, project_user or task"),
    (rate_body(type="labor_costs"), "Invalid type: it should be billable_rates or labor_rates"),
    (rate_body(start="2025-01-01"), "Only one of mode or start must be informed"),
    (rate_body(mode=None), "Either mode or start must be informed"),
    (rate_body(mode="tomorrow"), "Invalid mode: it should be override-all, "
                                 "override-current or start-today"),
    (rate_body(mode=None, start="yesterday"), "Invalid start: it must be a valid date time"),
    (rate_body(level="project", level_id=5003), "Invalid entity ID"),
])
def test_post_rate_400s(fake: TogglFake, demo: dict, body: dict, message: str) -> None:
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo), body)
    assert response.status_code == 400 and response.json() == message


def test_post_rate_with_global_user_id_gets_403(fake: TogglFake, demo: dict) -> None:
    global_id = wu_of(demo, "cat@acme.test")["uid"]
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
                    rate_body(level_id=global_id))
    assert response.status_code == 403


def test_post_billable_rate_updates_workspace_user_rate(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "cat@acme.test")["id"]
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
                    rate_body(level_id=target))
    assert response.status_code == 201
    assert fake.state.workspace_users[target]["rate"] == 80


def test_post_labor_rate_updates_labor_cost(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "cat@acme.test")["id"]
    call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
         rate_body(level_id=target, type="labor_rates", amount=33))
    assert fake.state.workspace_users[target]["labor_cost"] == 33
    assert fake.state.workspace_users[target]["rate"] == 45


def test_post_workspace_rate_updates_default_hourly_rate(fake: TogglFake, demo: dict) -> None:
    call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
         rate_body(level="workspace", level_id=wid(demo), mode=None, start="2020-01-01"))
    assert fake.state.workspaces[wid(demo)]["default_hourly_rate"] == 80


def test_rates_listing_rejects_labor_rates_type(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "cat@acme.test")["id"]
    response = call(fake, "GET", f"/workspaces/{wid(demo)}/rates/workspace_user/{target}",
                    admin(demo), params={"type": "labor_rates"})
    assert response.status_code == 400


def test_rates_listing_shows_labor_cost_history(fake: TogglFake, demo: dict) -> None:
    target = wu_of(demo, "cat@acme.test")["id"]
    path = f"/workspaces/{wid(demo)}/rates/workspace_user/{target}"
    call(fake, "POST", f"/workspaces/{wid(demo)}/rates", admin(demo),
         rate_body(level_id=target, type="labor_rates", amount=33, mode="override-current"))
    items = call(fake, "GET", path, admin(demo), params={"type": "labor_costs"}).json()["items"]
    live = [i for i in items if i["deleted_at"] is None]
    assert [i["amount"] for i in live] == [33]
    assert live[0]["workspace_user_id"] == target


def test_rates_listing_unknown_user_gets_documented_400(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", f"/workspaces/{wid(demo)}/rates/workspace_user/1",
                    admin(demo))
    assert response.status_code == 400 and response.json() == "User not found in workspace"


# ----------------------------------------------------------------- reminders
@pytest.mark.parametrize(("body", "message"), [
    ({"frequency": 3, "threshold": 8, "user_ids": [1004]}, "Invalid frequency: it should be 1 or 7"),
    ({"frequency": 1, "threshold": 0, "user_ids": [1004]},
     "Invalid threshold: it should be a positive whole number of hours"),
    ({"frequency": 1, "threshold": 8}, "At least one of user_ids or group_ids must be informed"),
    ({"threshold": 8, "user_ids": [1004]}, "Missing required field: frequency"),
])
def test_post_reminder_400s(fake: TogglFake, demo: dict, body: dict, message: str) -> None:
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/track_reminders", admin(demo), body)
    assert response.status_code == 400 and response.json() == message


def test_reminder_with_workspace_user_id_gets_403(fake: TogglFake, demo: dict) -> None:
    wrong_kind = wu_of(demo, "dan@acme.test")["id"]
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/track_reminders", admin(demo),
                    {"frequency": 7, "threshold": 40, "user_ids": [wrong_kind]})
    assert response.status_code == 403


def test_post_reminder_returns_the_reminder(fake: TogglFake, demo: dict) -> None:
    uid = wu_of(demo, "dan@acme.test")["uid"]
    body = call(fake, "POST", f"/workspaces/{wid(demo)}/track_reminders", admin(demo),
                {"frequency": 7, "threshold": 40, "user_ids": [uid]}).json()
    assert {k: body[k] for k in ("frequency", "threshold", "user_ids", "group_ids",
                                 "workspace_id")} == {
        "frequency": 7, "threshold": 40, "user_ids": [uid], "group_ids": [],
        "workspace_id": wid(demo)}
    assert body["reminder_id"] in fake.state.reminders and body["created_at"]


def test_put_reminder_changes_threshold(fake: TogglFake, demo: dict) -> None:
    rid = demo["reminders"][0]["reminder_id"]
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/track_reminders/{rid}",
                    admin(demo), {"threshold": 6})
    assert response.status_code == 200 and response.json()["threshold"] == 6


def test_delete_unknown_reminder_gets_404(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "DELETE", f"/workspaces/{wid(demo)}/track_reminders/1", admin(demo))
    assert response.status_code == 404


# ------------------------------------------------------------------- clients
@pytest.mark.parametrize(("name", "message"), [
    ("   ", "Client name cannot be empty"),
    ("x" * 101, "Client name maximum length is 100"),
])
def test_put_client_name_400s(fake: TogglFake, demo: dict, name: str, message: str) -> None:
    cid = demo["clients"][0]["id"]
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/clients/{cid}", admin(demo),
                    {"name": name})
    assert response.status_code == 400 and response.json() == message


def test_put_unknown_client_gets_404(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "PUT", f"/workspaces/{wid(demo)}/clients/4001", admin(demo),
                    {"name": "X"})
    assert response.status_code == 404
    assert response.json() == "Client doesn't exist in the workspace."


def test_archive_client_returns_archived_project_ids(fake: TogglFake, demo: dict) -> None:
    cid = demo["clients"][0]["id"]
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/clients/{cid}/archive", admin(demo))
    assert response.json() == [demo["projects"][0]["id"]]
    archived = call(fake, "GET", f"/workspaces/{wid(demo)}/clients", admin(demo),
                    params={"status": "archived"}).json()
    assert {c["name"] for c in archived} == {"Globex", "Umbrella"}


def test_archive_client_on_free_plan_gets_402(fake: TogglFake) -> None:
    ws, token = free_workspace(fake)
    client = fake.add_client(ws["id"], "Tiny")
    response = call(fake, "POST", f"/workspaces/{ws['id']}/clients/{client['id']}/archive", token)
    assert response.status_code == 402


def test_restore_client_restores_all_projects(fake: TogglFake, demo: dict) -> None:
    cid = demo["clients"][0]["id"]
    call(fake, "POST", f"/workspaces/{wid(demo)}/clients/{cid}/archive", admin(demo))
    response = call(fake, "POST", f"/workspaces/{wid(demo)}/clients/{cid}/restore", admin(demo),
                    {"restore_all_projects": True})
    assert response.json()["archived"] is False
    assert fake.state.projects[demo["projects"][0]["id"]]["active"] is True


def test_projects_filter_by_name(fake: TogglFake, demo: dict) -> None:
    items = call(fake, "GET", f"/workspaces/{wid(demo)}/projects", plain_user(demo),
                 params={"name": "WEB"}).json()
    assert [p["name"] for p in items] == ["Website"]


# -------------------------------------------------------------------- faults
def test_fail_next_answers_canned_status_once(fake: TogglFake, demo: dict) -> None:
    fake.fail_next(503)
    first = call(fake, "GET", "/me", admin(demo))
    second = call(fake, "GET", "/me", admin(demo))
    assert (first.status_code, first.text) == (503, "Service Unavailable")
    assert second.status_code == 200


def test_fail_next_429_is_html(fake: TogglFake, demo: dict) -> None:
    fake.fail_next(429)
    response = call(fake, "GET", "/me", admin(demo))
    assert response.status_code == 429 and "<html>" in response.text
    assert "Retry-After" not in response.headers


def test_fail_next_only_hits_matching_path(fake: TogglFake, demo: dict) -> None:
    fake.fail_next(500, count=2, path_prefix="/workspaces")
    assert call(fake, "GET", "/me", admin(demo)).status_code == 200
    assert call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo)).status_code == 500
    assert call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo)).status_code == 500
    assert call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo)).status_code == 200


def test_fail_next_does_not_apply_the_request(fake: TogglFake, demo: dict) -> None:
    fake.fail_next(502)
    call(fake, "PUT", "/me", admin(demo), {"fullname": "Never"})
    assert fake.state.users[demo["users"][0]["id"]]["fullname"] == "Ann Admin"


def test_fail_next_with_apply_answers_5xx_after_doing_the_work(fake: TogglFake, demo: dict) -> None:
    fake.fail_next(502, apply=True)
    assert call(fake, "PUT", "/me", admin(demo), {"fullname": "Done Anyway"}).status_code == 502
    assert fake.state.users[demo["users"][0]["id"]]["fullname"] == "Done Anyway"


def test_delay_next_after_applies_at_once_and_answers_late(fake: TogglFake, demo: dict) -> None:
    fake.delay_next(0.6, after=True)
    with pytest.raises(requests.Timeout):
        call(fake, "PUT", "/me", admin(demo), {"fullname": "Quick Ann"}, timeout=0.2)
    assert fake.state.users[demo["users"][0]["id"]]["fullname"] == "Quick Ann"


def test_projects_are_paged_like_toggl(fake: TogglFake, demo: dict) -> None:
    for number in range(200):
        fake.add_project(wid(demo), f"Bulk {number:03d}")
    path = f"/workspaces/{wid(demo)}/projects"
    default = call(fake, "GET", path, plain_user(demo)).json()
    second = call(fake, "GET", path, plain_user(demo), params={"per_page": "200", "page": "2"}).json()
    assert len(default) == 151 and len(second) == 203 - 200
    assert call(fake, "GET", path, plain_user(demo), params={"per_page": "201"}).status_code == 400


def test_delay_next_times_out_client_but_applies(fake: TogglFake, demo: dict) -> None:
    fake.delay_next(0.6)
    with pytest.raises(requests.Timeout):
        call(fake, "PUT", "/me", admin(demo), {"fullname": "Slow Ann"}, timeout=0.2)
    deadline = time.monotonic() + 3
    while fake.state.users[demo["users"][0]["id"]]["fullname"] != "Slow Ann":
        assert time.monotonic() < deadline, "the delayed request was never applied"
        time.sleep(0.05)


def test_drop_next_closes_connection_without_applying(fake: TogglFake, demo: dict) -> None:
    fake.drop_next()
    with pytest.raises(requests.ConnectionError):
        call(fake, "PUT", "/me", admin(demo), {"fullname": "Lost"})
    assert fake.state.users[demo["users"][0]["id"]]["fullname"] == "Ann Admin"
    assert fake.requests[-1].dropped and fake.requests[-1].status == 0


def test_drop_next_with_apply_keeps_the_change(fake: TogglFake, demo: dict) -> None:
    fake.drop_next(apply=True)
    with pytest.raises(requests.ConnectionError):
        call(fake, "PUT", "/me", admin(demo), {"fullname": "Reached Toggl"})
    assert fake.state.users[demo["users"][0]["id"]]["fullname"] == "Reached Toggl"


def test_reset_faults_clears_queue(fake: TogglFake, demo: dict) -> None:
    fake.fail_next(500, count=5)
    fake.reset_faults()
    assert call(fake, "GET", "/me", admin(demo)).status_code == 200


def test_concurrent_requests_are_all_answered(fake: TogglFake, demo: dict) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def worker(token: str) -> None:
        for _ in range(5):
            status = call(fake, "GET", f"/workspaces/{wid(demo)}", token).status_code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker, args=(t,))
               for t in (admin(demo), plain_user(demo), demo["tokens"]["bob@acme.test"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert statuses == [200] * 15


# ----------------------------------------------------------------------- CLI
def test_cli_prints_json_line_and_serves() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "fakes.toggl", "--port", "0", "--seed", "demo",
         "--no-rate-limit"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(15)
        assert lines and lines[0], "the fake printed nothing"
        info = json.loads(lines[0])
        token = info["tokens"]["ann@acme.test"]
        me = requests.get(info["url"] + "/me", auth=(token, "api_token"), timeout=5)
        assert me.status_code == 200
        assert info["workspace_id"] == me.json()["default_workspace_id"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
