"""``undo <ref>``, called directly: the inverse of each kind of change, and the refusals."""
from __future__ import annotations

import dataclasses

import pytest

from bot.refs import State
from tests.support import writes
from toggl.errors import BadRequest
from workers.changes.flow import run_change
from workers.errors import NotUndoable
from workers.outcomes import finish


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


@pytest.fixture
def done(services, job_for):
    """``done("user deactivate dan@acme.test")``: run a change to its end; its ref."""
    def run(text: str) -> str:
        job = job_for(text)
        message = run_change(services, job)
        finish(services, services.refs.get(job.ref), message, State.DONE)
        return job.ref

    return run


@pytest.fixture
def undo(services, job_for):
    """``undo(ref)``: run ``/toggl undo <ref>`` to its end; its message."""
    def run(ref: str) -> dict:
        job = job_for(f"undo {ref}")
        message = run_change(services, job)
        finish(services, services.refs.get(job.ref), message, State.DONE)
        return message

    return run


def state(toggl, table: str, key: int) -> dict:
    with toggl.state.lock:
        return dict(getattr(toggl.state, table)[key])


UNDOABLE = [
    ("user set cat@acme.test rate=85 working_hours=6h", "workspace_users", 5003,
     {"rate": 45.0, "working_hours_in_minutes": 480}),
    ("user deactivate dan@acme.test", "workspace_users", 5004, {"inactive": False}),
    ("user reactivate eve@acme.test", "workspace_users", 5005, {"inactive": True}),
    ('client rename Globex "Globex Corp"', "clients", 3001, {"name": "Globex"}),
    ('client notes Initech "net 30"', "clients", 3002, {"notes": ""}),
    ("client restore Umbrella", "clients", 3003, {"archived": True}),
    ("reminder update 8001 5h weekly dan@acme.test", "reminders", 8001,
     {"threshold": 8, "frequency": 1, "user_ids": [1004], "group_ids": [6002]}),
    ("workspace set rounding=up rounding_minutes=15", "workspaces", 9001, {"rounding": 0, "rounding_minutes": 0}),
]


@pytest.mark.parametrize("text, table, key, restored", UNDOABLE, ids=[row[0] for row in UNDOABLE])
def test_undo_puts_back_the_values_from_before(services, done, undo, toggl, text, table, key, restored) -> None:
    ref = done(text)
    message = undo(ref)
    assert message["text"].startswith(f"✅ Undid ref {ref}: "), message["text"]
    now = state(toggl, table, key)
    assert {field: now[field] for field in restored} == restored
    assert services.refs.get(ref).undone_by


def test_undo_of_a_rate_sets_the_previous_amount_the_same_way(services, done, undo, toggl) -> None:
    ref = done("rate set cat@acme.test 70")
    toggl.clear_requests()
    undo(ref)
    [(_, _, body)] = writes(toggl)
    assert body == {"amount": 45.0, "level": "workspace_user", "level_id": 5003, "type": "billable_rates",
                    "mode": "start-today"}


def test_undo_of_a_new_reminder_deletes_it_and_of_a_deletion_creates_it_again(services, done, undo,
                                                                               toggl) -> None:
    added = done("reminder add 4h weekly cat@acme.test group:6001")
    with toggl.state.lock:
        [created] = [rid for rid in toggl.state.reminders if rid != 8001]
    undo(added)
    with toggl.state.lock:
        assert created not in toggl.state.reminders
    deleted = done("reminder delete 8001")
    undo(deleted)
    with toggl.state.lock:
        [again] = [r for rid, r in toggl.state.reminders.items() if rid != 8001]
    assert (again["threshold"], again["frequency"], again["user_ids"], again["group_ids"]) == (8, 1, [1004], [6002])


def test_undo_of_an_archive_restores_exactly_the_projects_it_archived(services, done, undo, toggl) -> None:
    with toggl.state.lock:
        toggl.state.projects[4003]["client_id"] = 3001  # Internal: Globex's, but archived already
        toggl.state.projects[4003]["active"] = False
    ref = done("client archive Globex")
    toggl.clear_requests()
    undo(ref)
    assert writes(toggl) == [("POST", "/workspaces/9001/clients/3001/restore", {"projects": [4001]})]
    assert state(toggl, "projects", 4001)["active"] and not state(toggl, "projects", 4003)["active"]


@pytest.mark.parametrize("text, reason", [
    ("user remove dan@acme.test", "a removed person must be invited to the workspace again"),
    ("rate set project:4001 90", "there was no rate of its own before"),
])
def test_changes_that_cannot_be_undone_say_why(services, done, undo, text, reason) -> None:
    ref = done(text)
    with pytest.raises(NotUndoable) as refused:
        undo(ref)
    assert reason in refused.value.reason


def test_a_change_is_undone_only_once(services, done, undo) -> None:
    ref = done("user deactivate dan@acme.test")
    undo(ref)
    with pytest.raises(NotUndoable, match="already undone by ref"):
        undo(ref)


def test_an_undo_can_itself_be_undone(services, done, undo, toggl, job_for) -> None:
    ref = done("user deactivate dan@acme.test")
    undo(ref)
    [undo_ref] = [services.refs.get(ref).undone_by]
    undo(undo_ref)
    assert state(toggl, "workspace_users", 5004)["inactive"] is True


@pytest.mark.parametrize("record, reason", [
    ({"state": State.FAILED}, "it did not complete (it is failed)"),
    ({"state": State.REJECTED}, "it did not complete (it is rejected)"),
    ({"command": {"name": "users", "args": {}}}, "only changes can be undone"),
])
def test_failed_rejected_and_read_refs_cannot_be_undone(services, done, undo, record, reason) -> None:
    ref = done("user deactivate dan@acme.test")
    services.refs.update(ref, undone_by="", **record)
    with pytest.raises(NotUndoable, match=reason.replace("(", r"\(").replace(")", r"\)")):
        undo(ref)


def test_an_unknown_ref_cannot_be_undone(services, undo) -> None:
    with pytest.raises(NotUndoable, match="there is no such ref"):
        undo("zzzzzz")


def test_a_failed_undo_frees_the_change_to_be_undone_again(services, done, job_for, toggl) -> None:
    ref = done("user deactivate dan@acme.test")
    job = job_for(f"undo {ref}")
    toggl.fail_next(400, body='"bad"', path_prefix="/workspaces/9001/workspace_users/5004")
    with pytest.raises(BadRequest):
        run_change(services, job)
    finish(services, services.refs.get(job.ref), {"text": "❌ failed"}, State.FAILED)
    assert services.refs.get(ref).undone_by == ""


def test_an_undo_whose_reverse_needs_approval_asks_for_it(services, done, job_for, slack, settings) -> None:
    ref = done("user set cat@acme.test role=teamlead")
    services.settings = dataclasses.replace(settings, approval_required=frozenset({"user.role"}))
    job = job_for(f"undo {ref}")
    url = slack.new_response_url()
    services.refs.update(job.ref, response_url=url, channel_id="C0OPS")
    assert run_change(services, dataclasses.replace(job, record=services.refs.get(job.ref))) is None
    [note] = slack.responses_for(url)
    assert note.body["text"].startswith(f"🛂 Approval requested — ref {job.ref}")
    [card] = [c.args for c in slack.calls_to("chat.postMessage") if "approval_approve" in str(c.args)]
    assert "role teamlead → user" in str(card["blocks"])
    assert services.refs.get(job.ref).state == State.AWAITING_APPROVAL
