"""``alert add`` / ``alert delete``: planned, applied once, undone, and Toggl's refusals in plain words."""
from __future__ import annotations

import dataclasses

import pytest

from bot.messages.plans import plan_lines
from bot.refs import State
from tests.support import wid, writes
from workers.changes.flow import make_plan, run_change
from workers.errors import NotFound
from workers.messages import failures
from workers.outcomes import finish


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


@pytest.fixture
def done(services, job_for):
    """``done(text)``: run a change to its end; its ref and message."""
    def run(text: str) -> tuple[str, dict]:
        job = job_for(text)
        message = run_change(services, job)
        finish(services, services.refs.get(job.ref), message, State.DONE)
        return job.ref, message

    return run


def cat_uid(toggl) -> int:
    return next(u["id"] for u in toggl.demo["users"] if u["email"] == "cat@acme.test")


def test_alert_add_sends_the_documented_body(done, toggl) -> None:
    _, message = done('alert add project:"Website" 100%,80% to=admins,cat@acme.test')
    assert message["text"].startswith("✅ Added an alert on project Website #")
    assert writes(toggl) == [("POST", f"/workspaces/{wid(toggl)}/alerts", {
        "project_id": 4001, "source_kind": "project", "threshold_type": "percentage", "thresholds": [80, 100],
        "receiver_roles": ["admin"], "receiver_users": [cat_uid(toggl)]})]


def test_alert_add_plan_says_what_who_and_when_in_words(services, job_for) -> None:
    plan = make_plan(services, job_for("alert add project:4002 90% to=projectlead,cat@acme.test"))
    shown = "\n".join(plan_lines(plan))
    assert "new project alert on project Mobile App (id 4002): alert at 90% of its estimate; " \
           "alerted project leads, Cat Coder (cat@acme.test)" in shown
    assert "has no estimate yet" in shown


def test_alert_delete_removes_it_and_undo_creates_the_same_alert_again(services, done, toggl) -> None:
    _, added = done("alert add project:4001 75% to=teamlead")
    alert_id = int(added["text"].split("#")[1].split()[0])
    ref, deleted = done(f"alert delete {alert_id}")
    assert deleted["text"].startswith(f"✅ Deleted alert #{alert_id}")
    assert alert_id not in toggl.state.alerts
    done(f"undo {ref}")
    [again] = [a for a in toggl.state.alerts.values() if a["project_id"] == 4001]
    assert (again["thresholds"], again["receiver_roles"]) == ([75], ["teamlead"])


def test_undo_of_alert_add_deletes_it(done, toggl) -> None:
    ref, added = done("alert add project:4001 50%")
    done(f"undo {ref}")
    assert not [a for a in toggl.state.alerts.values() if a["project_id"] == 4001]


def test_deleting_an_unknown_alert_points_to_the_list(services, job_for) -> None:
    with pytest.raises(NotFound) as caught:
        make_plan(services, job_for("alert delete 999"))
    assert "`/toggl alerts` lists them" in failures.for_command_failed(caught.value)


@pytest.mark.parametrize(("toggl_says", "hint"), [
    ("threshold out of range", "whole percentages of the estimate from 1% to 1000%"),
    ("receiver role out of range", "the roles admins, projectlead and teamlead"),
    ("receivers can't be blank", "Say who is alerted"),
    ("source kind out of range", "tell whoever runs the bot"),
    ("project not supported for this source kind", "`/toggl projects` lists the projects"),
])
def test_toggl_refusals_of_an_alert_reach_the_admin_in_plain_words(run_handler, toggl, toggl_says, hint) -> None:
    from toggl.errors import BadRequest

    toggl.fail_next(400, body=f'"{toggl_says}"', path_prefix=f"/workspaces/{wid(toggl)}/alerts")
    with pytest.raises(BadRequest) as caught:
        run_handler("alert add project:4001 80%")
    said = failures.for_toggl_error(caught.value, "alert.add")
    assert toggl_says in said and hint in said and "Nothing was changed" in said


def test_alert_add_through_slack_posts_the_result_in_the_channel(bot, worker, toggl) -> None:
    sent = bot.command('alert add project:"Mobile App" 80%')
    result = bot.result(sent)
    assert result["response_type"] == "in_channel" and result["text"].startswith("✅ Added an alert on project")
    assert [a["thresholds"] for a in toggl.state.alerts.values()] == [[80]]
