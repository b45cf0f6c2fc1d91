"""``workspace create``: one documented POST in the workspace's organization, after approval by default;
never sent twice; not undoable; and ``client restore … projects=all``."""
from __future__ import annotations

import dataclasses

import pytest

from bot.refs import State
from tests.conftest import ADMIN, ADMIN2
from tests.support import wid, writes
from toggl.errors import PaymentRequired
from workers.changes.base import ChangeRun
from workers.changes.flow import make_plan, run_change
from workers.changes.workspace import STEP_KINDS
from workers.errors import NotUndoable
from workers.messages import failures
from workers.outcomes import finish


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


def org(toggl) -> int:
    return toggl.demo["org"]["id"]


def test_workspace_create_sends_only_documented_fields(run_handler, toggl) -> None:
    message = run_handler("workspace create Labs currency=eur rate=60.50")
    assert message["text"].startswith("✅ Created workspace Labs #")
    assert writes(toggl) == [("POST", f"/organizations/{org(toggl)}/workspaces",
                              {"name": "Labs", "default_currency": "EUR", "default_hourly_rate": 60.5})]
    [created] = [ws for ws in toggl.state.workspaces.values() if ws["name"] == "Labs"]
    assert created["organization_id"] == org(toggl)


def test_the_plan_shows_the_new_workspace_in_its_own_currency(services, job_for) -> None:
    from bot.messages.plans import plan_lines

    shown = "\n".join(plan_lines(make_plan(services, job_for("workspace create Labs currency=USD rate=70"))))
    assert "default hourly rate none → 70.00 USD" in shown or "default hourly rate 70.00 USD" in shown
    assert "in organization" in shown and "you become its admin" in shown


def test_a_create_that_landed_before_a_dropped_answer_is_not_sent_again(services, job_for, toggl) -> None:
    job = job_for("workspace create Labs")
    plan = make_plan(services, job)
    toggl.drop_next(apply=True, path_prefix=f"/organizations/{org(toggl)}/workspaces")
    run_change(services, job)
    assert len([ws for ws in toggl.state.workspaces.values() if ws["name"] == "Labs"]) == 1
    assert len(toggl.requests_for("POST", f"/organizations/{org(toggl)}/workspaces")) == 1
    [step] = plan.steps
    run = ChangeRun(services, plan, services.toggl())
    assert STEP_KINDS["workspace.create"].landed(run, step)["name"] == "Labs"


def test_an_old_workspace_of_the_same_name_is_not_taken_for_the_new_one(services, job_for, toggl) -> None:
    plan = make_plan(services, job_for("workspace create Acme HQ"))
    run = ChangeRun(services, plan, services.toggl())
    assert STEP_KINDS["workspace.create"].landed(run, plan.steps[0]) is None


def test_workspace_create_cannot_be_undone(services, job_for) -> None:
    job = job_for("workspace create Labs")
    finish(services, services.refs.get(job.ref), run_change(services, job), State.DONE)
    with pytest.raises(NotUndoable, match="cannot delete a workspace"):
        make_plan(services, job_for(f"undo {job.ref}"))


def test_a_free_organization_is_told_what_a_currency_needs(run_handler, toggl) -> None:
    toggl.fail_next(402, body='"Must be a premium user to use default_currency"')
    with pytest.raises(PaymentRequired) as caught:
        run_handler("workspace create Labs currency=EUR")
    assert "needs a paid Toggl plan" in failures.for_toggl_error(caught.value, "workspace.create")


def test_workspace_create_waits_for_a_second_admin_by_default(bot, worker, toggl) -> None:
    sent = bot.command('workspace create "Acme Labs"')
    assert sent.ack_text.startswith(f"🛂 Approval requested — ref {sent.ref}")
    card = bot.card(sent.ref)
    assert "Acme Labs" in str(card["blocks"]) and writes(toggl) == []
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    dm = bot.slack.wait_for(lambda: [m for m in bot.dms_to(ADMIN) if "Created workspace" in str(m)], timeout=30)
    assert "✅ Created workspace Acme Labs" in str(dm)
    assert [ws["name"] for ws in toggl.state.workspaces.values()].count("Acme Labs") == 1


# ------------------------------------------------------------ client restore
def test_restore_with_projects_all_brings_the_projects_back(run_handler, toggl) -> None:
    run_handler("client archive Globex")
    assert toggl.state.projects[4001]["active"] is False
    message = run_handler("client restore Globex projects=all")
    assert message["text"].startswith("✅ Restored client Globex and 1 of its projects")
    assert writes(toggl)[-1] == ("POST", f"/workspaces/{wid(toggl)}/clients/3001/restore",
                                 {"restore_all_projects": True})
    assert toggl.state.projects[4001]["active"] is True


def test_restore_without_projects_names_the_ones_still_archived(run_handler, toggl) -> None:
    run_handler("client archive Globex")
    message = run_handler("client restore Globex")
    assert "its archived projects stay archived: Website (id 4001)" in message["text"]
    assert "`projects=all` restores them" in message["text"]
    assert writes(toggl)[-1] == ("POST", f"/workspaces/{wid(toggl)}/clients/3001/restore", None)
    assert toggl.state.projects[4001]["active"] is False
