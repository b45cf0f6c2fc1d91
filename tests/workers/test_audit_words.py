"""The audit feed's words, pure: a failure's reason in brief, the change line, the decision line."""
from __future__ import annotations

import pytest

from bot.refs import RefRecord
from workers.messages.approvals import audit_line, decision_line
from workers.messages.failures import brief

BRIEFS = [
    ("Toggl refused it: “Client with this name already exists.” Nothing was changed. Pick a name that is not taken.",
     "Toggl refused it: “Client with this name already exists.”"),
    ("There is no client “Glbx” in this workspace. `/toggl clients` lists them.",
     "There is no client “Glbx” in this workspace"),
    ("Cat Coder changed since it was planned: role is now projectlead; nothing was changed — ask again",
     "Cat Coder changed since it was planned: role is now projectlead"),
    ("Give at least one share of the estimate, e.g. `80%`. Then ask again.",
     "Give at least one share of the estimate, e.g. `80%`"),
    ("Billable rate 45.00 EUR is over the limit.", "Billable rate 45.00 EUR is over the limit"),
    ("\nThe worker stopped unexpectedly (2 attempts). It may or may not have reached Toggl.",
     "The worker stopped unexpectedly (2 attempts)"),
    ("", ""),
]


@pytest.mark.parametrize("reason, short", BRIEFS)
def test_a_reason_in_brief_is_its_first_clause(reason: str, short: str) -> None:
    assert brief(reason) == short


def test_a_long_first_clause_is_cut_with_an_ellipsis() -> None:
    short = brief("Toggl said 403 Forbidden: " + "the person is not here or not accessible, " * 5 + "really.")
    assert len(short) <= 100 and short.endswith("…")


ENTRY = {"ref": "abc234", "user_id": "U0ANN", "summary": "update cat@acme.test: billable rate 85.00",
         "changes": "Cat Coder (cat@acme.test): billable rate 45.00 → 85.00 EUR", "state": "done",
         "outcome": "✅ Updated Cat Coder (cat@acme.test)"}
LINES = [
    ({}, "📝 <@U0ANN> · Cat Coder (cat@acme.test): billable rate 45.00 → 85.00 EUR · ✅ done (ref abc234)"),
    ({"approved_by": "U0BOB"}, "📝 <@U0ANN> · Cat Coder (cat@acme.test): billable rate 45.00 → 85.00 EUR · "
                               "approved by <@U0BOB> · ✅ done (ref abc234)"),
    ({"undo_of": "k3xq2a"}, "📝 <@U0ANN> · undo ref k3xq2a: Cat Coder (cat@acme.test): billable rate "
                            "45.00 → 85.00 EUR · ✅ done (ref abc234)"),
    ({"changes": None, "state": "failed", "outcome": "❌ Could not update cat@acme.test",
      "reason": "not found: client “Glbx”"},
     "📝 <@U0ANN> · update cat@acme.test: billable rate 85.00 · ❌ failed: not found: client “Glbx” (ref abc234)"),
    ({"created": "#8002"}, "📝 <@U0ANN> · Cat Coder (cat@acme.test): billable rate 45.00 → 85.00 EUR · "
                           "✅ done, #8002 (ref abc234)"),
    ({"changes": None, "unchanged": "yes"}, "📝 <@U0ANN> · update cat@acme.test: billable rate 85.00 · "
                                            "✅ nothing to change (Toggl already was as asked) (ref abc234)"),
]


@pytest.mark.parametrize("fields, line", LINES)
def test_a_change_line_says_who_what_changed_the_outcome_and_the_ref(fields: dict, line: str) -> None:
    assert audit_line({**ENTRY, **fields}) == line


@pytest.mark.parametrize("decision, verb", [("approve", "approved"), ("reject", "rejected")])
def test_a_decision_line_names_the_approver_the_ref_and_the_request(decision: str, verb: str) -> None:
    record = RefRecord("abc234", user_id="U0ANN", decided_by="U0BOB", decision=decision,
                       summary="remove dan@acme.test from the workspace")
    assert decision_line(record) == (f"🛂 <@U0BOB> {verb} ref abc234 (<@U0ANN>'s remove dan@acme.test from "
                                     "the workspace)")
