"""Table-driven parser tests: one row per accepted and per rejected form."""
from __future__ import annotations

import pytest

from bot.commands import Command, UsageError
from bot.parser import parse

ACCEPTED = [
    ("", Command("help")),
    ("help", Command("help")),
    ("HELP", Command("help")),
    ("help users", Command("help", {"topic": "users"})),
    ("help user show", Command("help", {"topic": "user.show"})),
    ("help profile set", Command("help", {"topic": "profile.set"})),
    ("disconnect", Command("disconnect")),
    ("me", Command("me")),
    ("me ws=42", Command("me", workspace_id=42)),
    ("profile set timezone=Europe/Tallinn", Command("profile.set", {"fields": {"timezone": "Europe/Tallinn"}})),
    ("profile set timezone=europe/tallinn", Command("profile.set", {"fields": {"timezone": "Europe/Tallinn"}})),
    ("profile set beginning_of_week=monday", Command("profile.set", {"fields": {"beginning_of_week": 1}})),
    ("profile set beginning_of_week=Sun", Command("profile.set", {"fields": {"beginning_of_week": 0}})),
    ("profile set beginning_of_week=6", Command("profile.set", {"fields": {"beginning_of_week": 6}})),
    ('profile set fullname="Ann Admin"', Command("profile.set", {"fields": {"fullname": "Ann Admin"}})),
    ("profile set fullname=“Ann Admin”", Command("profile.set", {"fields": {"fullname": "Ann Admin"}})),
    ("profile set email=Ann@Acme.test", Command("profile.set", {"fields": {"email": "ann@acme.test"}})),
    ("profile set email=<mailto:ann@acme.test|ann@acme.test>",
     Command("profile.set", {"fields": {"email": "ann@acme.test"}})),
    ("profile set country_id=70 default_workspace_id=9001",
     Command("profile.set", {"fields": {"country_id": 70, "default_workspace_id": 9001}})),
    ("users", Command("users", {"search": "", "inactive": False})),
    ("users ann", Command("users", {"search": "ann", "inactive": False})),
    ("users inactive", Command("users", {"search": "", "inactive": True})),
    ("users ann inactive", Command("users", {"search": "ann", "inactive": True})),
    ('users "ann admin"', Command("users", {"search": "ann admin", "inactive": False})),
    ('users "inactive"', Command("users", {"search": "inactive", "inactive": False})),
    ("users ws=9002", Command("users", {"search": "", "inactive": False}, 9002)),
    ("user show <@U0ANN>", Command("user.show", {"who": {"slack_user": "U0ANN"}})),
    ("user show <@U0ANN|ann>", Command("user.show", {"who": {"slack_user": "U0ANN"}})),
    ("user show ann@acme.test", Command("user.show", {"who": {"email": "ann@acme.test"}})),
    ("user show <mailto:ann@acme.test|ann@acme.test>", Command("user.show", {"who": {"email": "ann@acme.test"}})),
    ("user show id:5001", Command("user.show", {"who": {"workspace_user_id": 5001}})),
    ("user show id:5001 ws=9", Command("user.show", {"who": {"workspace_user_id": 5001}}, 9)),
    ("status", Command("status")),
    ("status abc234", Command("status", {"ref": "abc234"})),
    ("status ABC234", Command("status", {"ref": "abc234"})),
]

REJECTED = [
    ("frobnicate", "unknown command"),
    ("help nothing", "no command `nothing`"),
    ("connect", "exactly one"),
    ("connect a b", "exactly one"),
    ("connect short", "does not look like"),
    ("disconnect now", "unexpected `now`"),
    ("me please", "unexpected"),
    ("me ws=abc", "ws must be a positive whole number"),
    ("me ws=0", "ws must be a positive whole number"),
    ("profile", "needs a subcommand"),
    ("profile get", "unknown `profile` subcommand"),
    ("profile set", "at least one field"),
    ("profile set password=hunter22", "passwords can't be changed"),
    ("profile set current_password=x", "passwords can't be changed"),
    ("profile set nickname=x", "unknown field `nickname`"),
    ("profile set timezone=Mars/Olympus", "not an IANA time zone"),
    ("profile set beginning_of_week=7", "beginning_of_week must be 0–6"),
    ("profile set beginning_of_week=someday", "beginning_of_week must be 0–6"),
    ("profile set email=not-an-email", "not an email address"),
    ('profile set fullname=""', "fullname cannot be empty"),
    ("profile set country_id=-3", "country_id must be a positive whole number"),
    ("profile set default_workspace_id=x", "default_workspace_id must be a positive whole number"),
    ("profile set timezone=UTC timezone=UTC", "given twice"),
    ("profile set fullname=“Ann", "quote is not closed"),
    ("users color=red", "unknown option `color=`"),
    ("user", "needs a subcommand"),
    ("user show", "exactly one person"),
    ("user show ann", "is not a person"),
    ("user show a@b.co c@d.co", "exactly one person"),
    ("user show id:abc", "is not a person"),
    ("user show ws=5 a@b.co", "must come before"),
    ("status xyz", "is not a ref"),
    ("status abc234 def567", "one ref"),
]


@pytest.mark.parametrize("text, expected", ACCEPTED, ids=[row[0] or "<empty>" for row in ACCEPTED])
def test_accepted_form_parses_to_command(text: str, expected: Command) -> None:
    assert parse(text).command == expected


@pytest.mark.parametrize("text, fragment", REJECTED, ids=[row[0] for row in REJECTED])
def test_rejected_form_names_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert fragment in caught.value.message


def test_connect_keeps_token_out_of_the_command() -> None:
    parsed = parse("connect 1971800d4d82861d8f2c1651fea4d212")
    assert parsed.secret.value == "1971800d4d82861d8f2c1651fea4d212"
    assert "1971800d" not in repr(parsed) and "1971800d" not in str(parsed.command.to_dict())


def test_usage_error_carries_the_usage_line() -> None:
    with pytest.raises(UsageError) as caught:
        parse("user show")
    assert caught.value.usage == "/toggl user show <who> [ws=<id>]"


def test_command_round_trips_through_json_form() -> None:
    command = parse("profile set timezone=UTC beginning_of_week=1").command
    assert Command.from_dict(command.to_dict()) == command
