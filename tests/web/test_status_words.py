"""``status``: one line per ref — what it does, where it stands and since when — and at most five refs."""
from __future__ import annotations

import time

import pytest

from bot.plans import FieldChange, Plan, Step, Target
from bot.refs import RefRecord, State
from web.messages.acks import status, status_list

PLAN = Plan(command={"name": "user.set", "args": {}}, action="user.set", currency="EUR",
            targets=[Target("workspace user", "Cat Coder", 5003, [FieldChange("rate", 80, 85)])],
            steps=[Step("workspace_user.update", "PUT", "/x")]).to_dict()


def ref(state: State, **fields) -> RefRecord:
    """A ref of @ann's, asked 400 s and last changed 300 s ago (``*_in``: seconds from now instead)."""
    now = time.time()
    values = {"user_id": "U0ANN", "summary": "update cat@acme.test: billable rate 85.00", "plan": PLAN,
              "created_at": now - 400, "updated_at": now - fields.pop("changed_ago", 300), **fields}
    if "expires_in" in values:
        values["expires_at"] = now + values.pop("expires_in")
    return RefRecord("abc234", state=state, **values)


LINES = [
    (State.DONE, {}, "ref abc234 · Cat Coder: billable rate 80.00 → 85.00 EUR · ✅ done 5 min ago"),
    (State.AWAITING_APPROVAL, {"expires_in": 23 * 3600 + 100},
     "ref abc234 · Cat Coder: billable rate 80.00 → 85.00 EUR · 🛂 awaiting approval, expires in 23 h"),
    (State.DONE, {"decision": "approve", "decided_by": "U0BOB"},
     "ref abc234 · Cat Coder: billable rate 80.00 → 85.00 EUR · approved by <@U0BOB> · ✅ done 5 min ago"),
    (State.FAILED, {"plan": {}, "reason": "not found: client “Glbx”"},
     "ref abc234 · update cat@acme.test: billable rate 85.00 · ❌ failed 5 min ago: not found: client “Glbx”"),
    (State.REJECTED, {"decision": "reject", "decided_by": "U0BOB"},
     "ref abc234 · Cat Coder: billable rate 80.00 → 85.00 EUR · 🚫 rejected by <@U0BOB> 5 min ago"),
    (State.CANCELLED, {"changed_ago": 7200},
     "ref abc234 · Cat Coder: billable rate 80.00 → 85.00 EUR · withdrawn 2 h ago"),
    (State.QUEUED, {"plan": {}, "summary": "list workspace users", "changed_ago": 0},
     "ref abc234 · list workspace users · ⏳ queued just now"),
]


@pytest.mark.parametrize("state, fields, line", LINES)
def test_a_ref_is_one_line(state: State, fields: dict, line: str) -> None:
    assert status(ref(state, **fields))["text"] == line


def test_someone_elses_ref_says_who_asked() -> None:
    assert " · asked by <@U0ANN> · " in status(ref(State.DONE), viewer="U0BOB")["text"]
    assert "asked by" not in status(ref(State.DONE), viewer="U0ANN")["text"]


def test_a_long_plan_is_cut_with_an_ellipsis() -> None:
    many = {**PLAN, "targets": [{**PLAN["targets"][0], "name": f"Person {i}"} for i in range(20)]}
    line = status(ref(State.DONE, plan=many))["text"]
    assert "… · ✅ done" in line and len(line) < 200


def test_status_without_a_ref_is_at_most_five_lines() -> None:
    text = status_list([ref(State.DONE) for _ in range(7)])["text"]
    assert len(text.splitlines()) == 5
    assert status_list([])["text"] == "You have no recent commands."
