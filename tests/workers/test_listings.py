"""``projects``, ``groups``, ``members``, ``constraints`` and ``alerts`` called directly against the fakes:
each filter, each column, and the requests they cost."""
from __future__ import annotations

import pytest

from fakes.toggl import TogglFake
from tests.support import writes

WS = 9001  # the demo workspace; Globex 3001, Initech 3002; Website 4001, Mobile App 4002, Internal 4003


def shown(message: dict) -> str:
    """Everything the message shows."""
    return message["text"] + str(message.get("blocks"))


def row_of(message: dict, needle: str) -> str:
    """The one line of the message's blocks holding ``needle``."""
    lines = "\n".join(b["text"]["text"] for b in message["blocks"] if b.get("text")).splitlines()
    [line] = [line for line in lines if needle in line]
    return line


def add_alert(toggl: TogglFake, project_id: int, thresholds: list[int], roles: list[str] = (),
              users: list[int] = ()) -> int:
    """An alert in the fake's state, as ``POST /workspaces/{wid}/alerts`` would make it."""
    with toggl.state.lock:
        aid = toggl.state.next_id("alert")
        toggl.state.alerts[aid] = {"id": aid, "wid": WS, "project_id": project_id, "receiver_roles": list(roles),
                                   "receiver_users": list(users), "source_kind": "project",
                                   "threshold_type": "percentage", "thresholds": thresholds,
                                   "created_at": "2026-01-01T00:00:00Z"}
    return aid


# ----------------------------------------------------------------- projects
PROJECTS = [
    ("projects", ["Website", "Mobile App", "Internal"], ["Old Site"]),
    ("projects archived", ["Old Site"], ["Website", "Mobile App", "Internal"]),
    ("projects web", ["Website"], ["Mobile App", "Internal", "Old Site"]),
    ("projects SITE archived", ["Old Site"], ["Website"]),
    ("projects nothing-like-it", ["None."], ["Website"]),
]


@pytest.mark.parametrize("text, present, absent", PROJECTS, ids=[row[0] for row in PROJECTS])
def test_projects_filters_by_status_and_name(run_handler, toggl, text, present, absent) -> None:
    toggl.add_project(WS, "Old Site", client_id=3001, active=False)
    message = run_handler(text)
    assert all(name in shown(message) for name in present), shown(message)
    assert not any(name in shown(message) for name in absent), shown(message)


PROJECT_ROWS = [("Website", ["Globex", "active", "project:4001"]), ("Mobile App", ["Initech", "project:4002"]),
                ("Internal", ["—", "project:4003"])]


@pytest.mark.parametrize("name, cells", PROJECT_ROWS, ids=[row[0] for row in PROJECT_ROWS])
def test_a_project_row_names_its_client_status_and_id(run_handler, name, cells) -> None:
    line = row_of(run_handler("projects"), name)
    assert all(cell in line for cell in cells), line


def test_projects_footer_tells_how_to_use_the_ids(run_handler) -> None:
    assert "rate set project:&lt;id&gt;" in shown(run_handler("projects"))


def test_a_name_too_long_for_its_column_is_cut_with_an_ellipsis(run_handler, toggl) -> None:
    long = "Globex International Holdings and Subsidiaries"  # 46 characters; the name column holds 40
    toggl.add_project(WS, long, client_id=3002)
    message = run_handler("projects")
    cut, website = row_of(message, "Globex International"), row_of(message, "Website")
    assert cut.startswith(long[:39] + "…  Initech") and long not in shown(message)
    assert cut.index("Initech") == website.index("Globex")  # the client column stays aligned


def test_projects_without_a_client_need_no_client_look_up(run_handler, toggl) -> None:
    run_handler("projects internal")
    assert not [r for r in toggl.requests if r.path.endswith("/clients")]
    assert writes(toggl) == []


# ------------------------------------------------------------------- groups
GROUP_ROWS = [("Designers", ["group:6001", "1 member ", "Dan Designer"]),
              ("Developers", ["group:6002", "2 members", "Bob Boss, Cat Coder"])]


@pytest.mark.parametrize("name, cells", GROUP_ROWS, ids=[row[0] for row in GROUP_ROWS])
def test_a_group_row_has_its_id_member_count_and_names(run_handler, name, cells) -> None:
    line = row_of(run_handler("groups"), name)
    assert all(cell in line for cell in cells), line


def test_a_group_member_unknown_to_the_workspace_is_shown_by_id(run_handler, toggl) -> None:
    stranger = toggl.add_user("sue@elsewhere.test", "Sue Stranger")
    toggl.add_group(WS, "Contractors", [stranger["id"]])
    assert f"user {stranger['id']}" in row_of(run_handler("groups"), "Contractors")


def test_an_empty_group_shows_no_members(run_handler, toggl) -> None:
    toggl.add_group(WS, "Nobody Yet")
    line = row_of(run_handler("groups"), "Nobody Yet")
    assert "0 members" in line and "—" in line


# ------------------------------------------------------------------ members
@pytest.fixture
def more_members(toggl: TogglFake) -> None:
    """Ivy invited (not joined), Gus only through the Developers group."""
    ivy = toggl.add_user("ivy@acme.test", "Ivy Invited")
    gus = toggl.add_user("gus@acme.test", "Gus Grouped")
    toggl.add_workspace_user(WS, ivy["id"], active=False)
    toggl.add_workspace_user(WS, gus["id"], group_ids=[6002], direct=False, rate=70)


MEMBERS = [
    ("members", ["Ann Admin", "Eve Former", "Ivy Invited", "Gus Grouped"], []),
    ("members pending", ["Ivy Invited"], ["Ann Admin", "Eve Former", "Gus Grouped"]),
    ("members custom-rates", ["Ann Admin", "Cat Coder", "Gus Grouped"], ["Bob Boss", "Ivy Invited"]),
    ("members grouped", ["Gus Grouped"], ["Ann Admin", "Ivy Invited"]),
    ("members ACME.TEST pending", ["Ivy Invited"], ["Ann Admin"]),
    ("members cat custom-rates", ["Cat Coder"], ["Ann Admin", "Gus Grouped"]),
]


@pytest.mark.parametrize("text, present, absent", MEMBERS, ids=[row[0] for row in MEMBERS])
def test_members_filters_by_search_rates_and_invitation(run_handler, more_members, text, present,
                                                        absent) -> None:
    message = run_handler(text)
    assert all(name in shown(message) for name in present), shown(message)
    assert not any(name in shown(message) for name in absent), shown(message)


MEMBER_ROWS = [
    ("Ann Admin", ["ann@acme.test", "admin", "active", "rate 60.00 EUR", "labor cost 35.00 EUR", "id:5001"]),
    ("Eve Former", ["deactivated", "rate —", "id:5005"]),
    ("Ivy Invited", ["invited"]),
    ("Gus Grouped", ["active", "group", "rate 70.00 EUR"]),
]


@pytest.mark.parametrize("name, cells", MEMBER_ROWS, ids=[row[0] for row in MEMBER_ROWS])
def test_a_member_row_has_role_status_group_marker_rates_and_id(run_handler, more_members, name, cells) -> None:
    line = row_of(run_handler("members"), name)
    assert all(cell in line for cell in cells), line


def test_only_a_member_through_a_group_is_marked_group(run_handler, more_members) -> None:
    assert "group" not in row_of(run_handler("members"), "Cat Coder").replace("Coder", "")


CUSTOM_RATES_QUERY = [("members", None), ("members custom-rates", "true")]


@pytest.mark.parametrize("text, custom_rates", CUSTOM_RATES_QUERY, ids=[row[0] for row in CUSTOM_RATES_QUERY])
def test_members_reads_the_organization_list_fresh_each_time(run_handler, toggl, text, custom_rates) -> None:
    path = f"/organizations/7001/workspaces/{WS}/workspace_users"
    for _ in range(2):
        run_handler(text)
    reads = [r.query for r in toggl.requests if r.path == path]
    assert len(reads) == 2
    assert all(q.get("custom_rates") == custom_rates and q.get("page") == "1" for q in reads), reads


# -------------------------------------------------------------- constraints
CONSTRAINTS = [
    ({}, "Time entry constraints are off: nothing is required."),
    ({"time_entry_constraints_enabled": True, "description_present": True, "project_present": True},
     "Every time entry must have: a description, a project."),
    ({"time_entry_constraints_enabled": True, "tag_present": True, "task_present": True},
     "Every time entry must have: a tag, a task."),
    ({"time_entry_constraints_enabled": True}, "Time entry constraints are on, but no field is required."),
    ({"project_present": True}, "Time entry constraints are off: nothing is required."),
]


@pytest.mark.parametrize("flags, verdict", CONSTRAINTS, ids=[str(row[0]) for row in CONSTRAINTS])
def test_constraints_say_what_every_time_entry_must_have(run_handler, toggl, flags, verdict) -> None:
    toggl.set_constraints(WS, **flags)
    assert verdict in run_handler("constraints")["text"]


def test_constraints_show_each_field_as_required_or_not(run_handler, toggl) -> None:
    toggl.set_constraints(WS, time_entry_constraints_enabled=True, task_present=True)
    fields = str(run_handler("constraints")["blocks"])
    assert "*Task*\\nrequired" in fields and "*Description*\\nnot required" in fields
    assert "*Constraints*\\non" in fields


# ------------------------------------------------------------------- alerts
ALERTS = [
    (dict(project_id=4001, thresholds=[80, 100], roles=["admin"]),
     ["Website", "project:4001", "80%, 100% of the estimate", "tells admins"]),
    (dict(project_id=4002, thresholds=[50], roles=["projectlead", "teamlead"], users=[1003]),
     ["Mobile App", "project:4002", "50% of the estimate", "tells project leads, team leads, Cat Coder"]),
]


@pytest.mark.parametrize("alert, cells", ALERTS, ids=["roles", "roles and people"])
def test_an_alert_row_has_its_project_shares_and_receivers(run_handler, toggl, alert, cells) -> None:
    aid = add_alert(toggl, **alert)
    line = row_of(run_handler("alerts"), f"#{aid}")
    assert all(cell in line for cell in cells), line


def test_alerts_read_toggl_each_time_and_refresh_the_cache(run_handler, toggl, services) -> None:
    run_handler("alerts")
    aid = add_alert(toggl, 4003, [90], ["admin"])
    assert f"#{aid}" in shown(run_handler("alerts"))
    assert [a["id"] for a in services.cache.get(f"ws:{WS}:alerts")] == [aid]
    assert len([r for r in toggl.requests if r.path == f"/workspaces/{WS}/alerts"]) == 2


def test_alerts_named_by_toggl_need_no_people_look_up(run_handler, toggl) -> None:
    add_alert(toggl, 4001, [80], users=[1003])
    assert "Cat Coder" in shown(run_handler("alerts"))
    assert not [r for r in toggl.requests if "workspace_users" in r.path]


def test_alerts_footer_tells_how_to_add_and_delete(run_handler, toggl) -> None:
    add_alert(toggl, 4001, [80], ["admin"])
    text = shown(run_handler("alerts"))
    assert "/toggl alert add project:&lt;id&gt;" in text and "/toggl alert delete &lt;id&gt;" in text
