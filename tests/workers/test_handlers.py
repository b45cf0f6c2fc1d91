"""Handlers, called directly against the fakes: the exact Toggl requests and the message.

End-to-end tests (signed request → worker → Slack) live beside these, one
module per area; these pin each handler's Toggl calls and wording cheaply.
"""
from __future__ import annotations

import dataclasses

import pytest

from tests.support import writes
from workers.errors import CommandFailed, NotConnected
from workers.messages import failures

WS = 9001  # the demo workspace (ids are deterministic)

READS = [
    ("users", ["Ann Admin", "Dan Designer", "60.00 EUR"], ["Eve Former"]),
    ("users inactive", ["Eve Former"], ["Ann Admin"]),
    ("user show cat@acme.test", ["Cat Coder", "45.00 EUR", "Developers", "8h"], []),
    ("rate show cat@acme.test", ["Billable rate of Cat Coder", "45.00 EUR"], []),
    ("reminders", ["#8001 (under 8h, daily: Dan Designer, group Developers)"], []),
    ("clients", ["Globex", "Initech"], ["Umbrella"]),
    ("clients archived", ["Umbrella", "former client"], ["Globex"]),
    ("workspace", ["Acme HQ", "Starter", "50.00 EUR"], []),
    ("projects", ["Website", "Globex", "project:4001", "Internal", "—"], []),
    ("groups", ["Designers", "group:6001", "Dan Designer", "Bob Boss, Cat Coder"], []),
    ("members", ["Ann Admin", "rate 60.00 EUR", "labor cost 35.00 EUR", "id:5001", "deactivated"], []),
    ("constraints", ["Time entry constraints are off: nothing is required."], []),
    ("alerts", ["None."], []),
]


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())  # approvals: test_approvals_flow
    return services


@pytest.mark.parametrize("text, shown, hidden", READS, ids=[row[0] for row in READS])
def test_a_read_shows_what_toggl_has_and_writes_nothing(run_handler, toggl, text, shown, hidden) -> None:
    message = run_handler(text)
    rendered = message["text"] + str(message.get("blocks"))
    assert message["response_type"] == "ephemeral"
    assert all(fragment in rendered for fragment in shown), rendered
    assert not any(fragment in rendered for fragment in hidden), rendered
    assert writes(toggl) == []


CHANGES = [
    ("user set cat@acme.test role=projectlead working_hours=7.5h",
     ("PUT", f"/workspaces/{WS}/workspace_users/5003", {"role": "projectlead", "working_hours_in_minutes": 450}),
     ["✅ Updated Cat Coder (cat@acme.test)",
      "workspace user Cat Coder (cat@acme.test), id 5003: role user → projectlead; working hours 8h → 7h 30m"]),
    ("user deactivate dan@acme.test",
     ("PUT", f"/workspaces/{WS}/workspace_users/5004", {"inactive": True}),
     ["✅ Deactivated Dan Designer (dan@acme.test)", "status active → deactivated"]),
    ("user remove dan@acme.test",
     ("DELETE", f"/workspaces/{WS}/workspace_users/5004", None),
     ["✅ Removed 1 person from Acme HQ", "Dan Designer (dan@acme.test), id 5004: membership member → removed"]),
    ("rate set workspace 65",
     ("POST", f"/workspaces/{WS}/rates",
      {"amount": 65.0, "level": "workspace", "level_id": WS, "type": "billable_rates", "mode": "start-today"}),
     ["✅ Billable rate of workspace Acme HQ set to 65.00 EUR", "amount 50.00 → 65.00 EUR",
      "takes effect from today on"]),
    ("reminder delete 8001",
     ("DELETE", f"/workspaces/{WS}/track_reminders/8001", None),
     ["✅ Deleted tracking reminder #8001", "state exists → deleted"]),
    ('client notes Initech "net 30"',
     ("PUT", f"/workspaces/{WS}/clients/3002", {"name": "Initech", "notes": "net 30"}),
     ["✅ Notes of client Initech set to “net 30”", "notes (empty) → “net 30”"]),
    ("workspace set rounding=up",
     ("PUT", f"/workspaces/{WS}", {"rounding": 1}), ["✅ Updated workspace Acme HQ", "rounding nearest → up"]),
]


@pytest.mark.parametrize("text, write, shown", CHANGES, ids=[row[0] for row in CHANGES])
def test_a_change_sends_exactly_its_request_and_says_before_and_after(run_handler, toggl, text, write,
                                                                      shown) -> None:
    message = run_handler(text)
    assert writes(toggl) == [write]
    assert message["response_type"] == "in_channel"
    assert message["text"].startswith(shown[0]), message["text"]
    assert all(fragment in message["text"] for fragment in shown[1:]), message["text"]


def test_a_personal_command_without_a_token_is_not_connected(run_handler) -> None:
    with pytest.raises(NotConnected):
        run_handler("me")


def test_every_failure_the_bot_finds_itself_has_words() -> None:
    kinds = set(CommandFailed.__subclasses__())
    assert kinds <= set(failures.REASONS), kinds - set(failures.REASONS)
