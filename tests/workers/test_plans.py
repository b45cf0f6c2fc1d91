"""Plans, called directly against the fakes: targets by name and id, before → after in words,
guards, nothing-to-change, preview, and the re-check before a late apply."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from bot.messages.plans import plan_lines
from tests.support import writes
from workers.changes.flow import make_plan, run_change
from workers.errors import ChangedSincePlanned, Guarded
from workers.handlers import HANDLERS
from workers.messages import failures


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


PLANS = [
    ("user set cat@acme.test rate=85 working_hours=7.5h role=teamlead", "user.role",
     ["workspace user Cat Coder (cat@acme.test), id 5003: billable rate 45.00 → 85.00 EUR; "
      "working hours 8h → 7h 30m; role user → teamlead"]),
    ("user deactivate dan@acme.test", "user.set", ["id 5004: status active → deactivated"]),
    ("user remove cat@acme.test dan@acme.test", "user.remove",
     ["Cat Coder (cat@acme.test), id 5003: membership member → removed",
      "Dan Designer (dan@acme.test), id 5004: membership member → removed"]),
    ('rate set project:"Mobile App" 90 mode=override-all', "rate.retroactive",
     ["billable rate project Mobile App, id 4002: amount none → 90.00 EUR",
      "takes effect for all time, so every past time entry is recalculated"]),
    ("rate set cat@acme.test 40 labor", "rate.set", ["labor cost Cat Coder (cat@acme.test), id 5003: amount 30.00 → 40.00 EUR"]),
    ("reminder update 8001 7h weekly", "reminder.update", ["threshold 8h → 7h; how often daily → weekly"]),
    ('client rename Globex "Globex Corp"', "client.set", ["client Globex, id 3001: name “Globex” → “Globex Corp”"]),
    ("client archive Globex", "client.archive",
     ["client Globex, id 3001: status active → archived", "archived with it: Website (id 4001)"]),
    ("workspace set only_admins_may_create_projects=yes rounding_minutes=15", "workspace.set",
     ["only admins may create projects no → yes; rounding step 0 min → 15 min"]),
]


@pytest.mark.parametrize("text, action, lines", PLANS, ids=[row[0] for row in PLANS])
def test_a_plan_names_targets_by_name_and_id_with_before_and_after_in_words(services, job_for, toggl, text,
                                                                            action, lines) -> None:
    plan = make_plan(services, job_for(text))
    shown = "\n".join(plan_lines(plan))
    assert plan.action == action
    assert all(line in shown for line in lines), shown
    assert writes(toggl) == []


def test_a_plan_resolves_names_to_ids_so_a_later_rename_changes_nothing(services, job_for, toggl) -> None:
    plan = make_plan(services, job_for('rate set project:"Website" 95'))
    assert plan.steps[0].body["level_id"] == 4001
    with toggl.state.lock:  # swap the two project names in Toggl
        toggl.state.projects[4001]["name"], toggl.state.projects[4002]["name"] = "Mobile App", "Website"
    assert plan.steps[0].body["level_id"] == 4001


@pytest.mark.parametrize("text, reason", [
    ("user remove ann@acme.test", "Toggl user whose API token this bot uses"),
    ("user deactivate ann@acme.test", "if they were deactivated, every admin command would fail"),
    ("user set ann@acme.test role=user", "if they were demoted"),
    ("rate set workspace 10000.01", "above this bot's limit of 10,000.00 EUR"),
    ("user set cat@acme.test labor_cost=99999999999", "labor cost 99,999,999,999.00 EUR is above"),
    ("workspace set default_hourly_rate=20000", "default hourly rate 20,000.00 EUR is above"),
])
def test_guards_refuse_at_plan_time_before_anything_is_sent(services, job_for, toggl, text, reason) -> None:
    with pytest.raises(Guarded) as refused:
        make_plan(services, job_for(text))
    assert reason in refused.value.reason
    assert writes(toggl) == []


def test_the_amount_limit_comes_from_the_settings(services, job_for) -> None:
    services.settings = dataclasses.replace(services.settings, max_amount=Decimal("100"))
    with pytest.raises(Guarded):
        make_plan(services, job_for("rate set workspace 101"))
    assert make_plan(services, job_for("rate set workspace 100")).steps


def test_leaving_no_active_admin_is_refused() -> None:
    from workers.changes.guards import check_keeps_admin_rights

    ann = {"id": 1, "uid": 11, "role": "admin"}
    bob = {"id": 2, "uid": 12, "role": "admin"}
    eve = {"id": 3, "uid": 13, "role": "admin", "inactive": True}
    with pytest.raises(Guarded, match="without an active admin"):
        check_keeps_admin_rights([ann, bob], service_user_id=99, everyone=[ann, bob, eve], verb="removed")
    check_keeps_admin_rights([bob], service_user_id=99, everyone=[ann, bob, eve], verb="removed")


def test_asking_for_what_toggl_already_has_sends_nothing(services, run_handler, toggl) -> None:
    message = run_handler("user set cat@acme.test role=user rate=45")
    assert message["text"].startswith("✅ Nothing to change: Cat Coder (cat@acme.test) already is as asked")
    assert writes(toggl) == []


def test_preview_shows_the_plan_and_changes_nothing(services, job_for, toggl) -> None:
    job = job_for("preview user set cat@acme.test rate=85")
    message = HANDLERS["preview"](services, job)
    assert message["response_type"] == "ephemeral"
    assert "billable rate 45.00 → 85.00 EUR" in message["text"]
    assert message["text"].endswith("Nothing was changed.")
    assert writes(toggl) == []


def test_preview_says_when_a_change_would_need_approval(services, settings, job_for) -> None:
    services.settings = settings  # the default approvals
    message = HANDLERS["preview"](services, job_for("preview user remove dan@acme.test"))
    assert "It would need a second admin's approval." in message["text"]
    assert "It could not be undone: a removed person must be invited to the workspace again." in message["text"]


@pytest.mark.parametrize("text, change, words", [
    ("user set cat@acme.test rate=85", lambda s: s.workspace_users[5003].update(rate=50.0),
     "Cat Coder (cat@acme.test) changed since it was planned: billable rate is now 50.00 EUR"),
    ("user deactivate dan@acme.test", lambda s: s.workspace_users.pop(5004),
     "Dan Designer (dan@acme.test) changed since it was planned: membership is now removed"),
    ('client notes Globex "net 30"', lambda s: s.clients[3001].update(name="Globex Ltd"),
     "Globex changed since it was planned: name is now “Globex Ltd”"),
    ("reminder delete 8001", lambda s: s.reminders[8001].update(threshold=6),
     "changed since it was planned: threshold is now 6h"),
    ("workspace set rounding=up", lambda s: s.workspaces[9001].update(rounding=-1),
     "Acme HQ changed since it was planned: rounding is now down"),
])
def test_a_late_apply_refuses_when_toggl_changed_since_the_plan(services, job_for, toggl, text, change,
                                                                words) -> None:
    job = job_for(text)
    services.refs.update(job.ref, plan=make_plan(services, job).to_dict())  # planned earlier (an approval)
    with toggl.state.lock:
        change(toggl.state)
    with pytest.raises(ChangedSincePlanned) as refused:
        run_change(services, dataclasses.replace(job, record=services.refs.get(job.ref)))
    reason = failures.for_command_failed(refused.value)
    assert words in reason and reason.endswith("; nothing was changed — ask again"), reason
    assert writes(toggl) == []
