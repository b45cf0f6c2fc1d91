"""Approval rules (pure): what needs a second admin, and who may decide."""
from __future__ import annotations

import pytest

from bot.approvals import canceller_refusal, decider_refusal, needs_approval
from bot.parser import parse
from bot.refs import RefRecord
from bot.settings import Settings

SETTINGS = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x",
                              "TOGGLBOT_ADMINS": "UANN,UBOB", "TOGGLBOT_APPROVERS": "UBOB,UCAROL"})


@pytest.mark.parametrize("text, needed", [
    ("user remove a@b.co", True),
    ("rate set workspace 5 mode=override-all", True),
    ("rate set workspace 5 mode=override-current", True),
    ("rate set workspace 5", False),
    ("rate set workspace 5 start=2001-01-01", True),  # a past start rewrites history too
    ("rate set workspace 5 start=2999-01-01", False),
    ("workspace set rounding=up", True),
    ("user set a@b.co role=admin", True),  # user.role
    ("user set a@b.co rate=50", False),
    ("undo abc234", False),
    ("users", False),
])
def test_default_actions_needing_approval(text: str, needed: bool) -> None:
    assert needs_approval(parse(text).command.action, SETTINGS) is needed


def test_approval_list_comes_from_settings() -> None:
    settings = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x",
                                  "TOGGLBOT_ADMINS": "U1", "TOGGLBOT_APPROVAL_REQUIRED": "user.set"})
    assert needs_approval(parse("user set a@b.co rate=5").command.action, settings)
    assert not needs_approval(parse("user remove a@b.co").command.action, settings)


def test_requester_cannot_decide_own_request() -> None:
    assert decider_refusal(RefRecord("abcdef", user_id="UBOB"), "UBOB", SETTINGS) == "own_request"


def test_non_approver_cannot_decide_even_if_admin() -> None:
    assert decider_refusal(RefRecord("abcdef", user_id="UBOB"), "UANN", SETTINGS) == "not_approver"


def test_another_approver_may_decide() -> None:
    assert decider_refusal(RefRecord("abcdef", user_id="UANN"), "UCAROL", SETTINGS) is None


def test_only_the_requester_may_cancel() -> None:
    assert canceller_refusal(RefRecord("abcdef", user_id="UANN"), "UBOB") == "not_requester"
    assert canceller_refusal(RefRecord("abcdef", user_id="UANN"), "UANN") is None
