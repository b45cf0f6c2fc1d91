"""Who may run what (SPEC §6)."""
from __future__ import annotations

import pytest

from bot.catalogue import CATALOGUE
from bot.permissions import may_run, visible_commands
from bot.settings import Settings

SETTINGS = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "x",
                              "TOGGLBOT_ADMINS": "UADMIN", "TOGGLBOT_APPROVERS": "UADMIN,UAPPROVER"})
EVERYONE = ["help", "connect", "disconnect", "me", "profile.set", "status", "cancel", "preview"]  # preview: the previewed change's own rights apply


@pytest.mark.parametrize("name", EVERYONE)
def test_anyone_may_run_personal_commands(name: str) -> None:
    assert may_run("USOMEONE", CATALOGUE[name], SETTINGS)


@pytest.mark.parametrize("name", sorted(set(CATALOGUE) - set(EVERYONE)))
def test_admin_commands_are_refused_to_others(name: str) -> None:
    assert not may_run("USOMEONE", CATALOGUE[name], SETTINGS)
    assert may_run("UADMIN", CATALOGUE[name], SETTINGS)


def test_help_shows_non_admins_only_their_commands() -> None:
    assert {spec.name for spec in visible_commands("USOMEONE", SETTINGS)} == set(EVERYONE)


def test_admin_ids_are_matched_exactly_not_by_name() -> None:
    assert not may_run("uadmin", CATALOGUE["users"], SETTINGS)


def test_approvers_who_are_not_admins_may_list_approvals_only() -> None:
    assert may_run("UAPPROVER", CATALOGUE["approvals"], SETTINGS)
    assert not may_run("UAPPROVER", CATALOGUE["users"], SETTINGS)
    assert not may_run("USOMEONE", CATALOGUE["approvals"], SETTINGS)
