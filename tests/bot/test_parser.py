"""Table-driven parser tests: one row per accepted and per rejected form."""
from __future__ import annotations

import pytest

from bot.catalogue import Command
from bot.parser import parse
from bot.parsing.problems import UsageError

ACCEPTED = [
    ("", Command("help")),
    ("help", Command("help")),
    ("HELP", Command("help")),
    ("help users", Command("help", {"topic": "users"})),
    ("help user show", Command("help", {"topic": "user.show"})),
    ("help profile set", Command("help", {"topic": "profile.set"})),
    ("disconnect", Command("disconnect")),
    ("me", Command("me")),
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
    ("user set id:5003 role=projectlead", Command("user.set", {"who": {"workspace_user_id": 5003},
                                                                "fields": {"role": "projectlead"}})),
    ("user set a@b.co rate=85.50 labor_cost=40", Command("user.set", {"who": {"email": "a@b.co"},
                                                                      "fields": {"rate": 85.5, "labor_cost": 40.0}})),
    ("user set a@b.co working_hours=7.5h", Command("user.set", {"who": {"email": "a@b.co"},
                                                                "fields": {"working_hours_in_minutes": 450}})),
    ("user set a@b.co working_hours=480", Command("user.set", {"who": {"email": "a@b.co"},
                                                               "fields": {"working_hours_in_minutes": 480}})),
    ("user set a@b.co ROLE=Admin", Command("user.set", {"who": {"email": "a@b.co"}, "fields": {"role": "admin"}})),
    ("user deactivate <@U1>", Command("user.deactivate", {"who": {"slack_user": "U1"}})),
    ("user reactivate id:7", Command("user.reactivate", {"who": {"workspace_user_id": 7}})),
    ("user remove a@b.co", Command("user.remove", {"who": [{"email": "a@b.co"}]})),
    ("user remove a@b.co <@U2> id:9", Command("user.remove", {"who": [
        {"email": "a@b.co"}, {"slack_user": "U2"}, {"workspace_user_id": 9}]})),
    ("rate set workspace 50", Command("rate.set", {"target": {"level": "workspace"}, "amount": "50",
                                                  "type": "billable_rates", "mode": "start-today"})),
    ("rate set a@b.co 85.50 labor", Command("rate.set", {
        "target": {"level": "workspace_user", "who": {"email": "a@b.co"}}, "amount": "85.50",
        "type": "labor_rates", "mode": "start-today"})),
    ("rate set project:4001 70 mode=override-all", Command("rate.set", {
        "target": {"level": "project", "project": {"id": 4001}}, "amount": "70",
        "type": "billable_rates", "mode": "override-all"})),
    ('rate set project:"Mobile App" <@U2> 55 billable start=2026-12-01', Command("rate.set", {
        "target": {"level": "project_user", "project": {"name": "Mobile App"}, "who": {"slack_user": "U2"}},
        "amount": "55", "type": "billable_rates", "start": "2026-12-01"})),
    ("rate set project:“Web site” 60", Command("rate.set", {
        "target": {"level": "project", "project": {"name": "Web site"}}, "amount": "60",
        "type": "billable_rates", "mode": "start-today"})),
    ("rate set task:2001 40 ws=9001", Command("rate.set", {"target": {"level": "task", "task_id": 2001},
                                                          "amount": "40", "type": "billable_rates",
                                                          "mode": "start-today"}, 9001)),
    ("rate show workspace", Command("rate.show", {"target": {"level": "workspace"}, "type": "billable_rates"})),
    ("rate show id:5003 labor", Command("rate.show", {
        "target": {"level": "workspace_user", "who": {"workspace_user_id": 5003}}, "type": "labor_rates"})),
    ("reminders", Command("reminders")),
    ("reminder add 6h <@U1>", Command("reminder.add", {"threshold": 6, "frequency": 1,
                                                     "people": [{"slack_user": "U1"}], "group_ids": []})),
    ("reminder add 8h weekly a@b.co group:6002", Command("reminder.add", {
        "threshold": 8, "frequency": 7, "people": [{"email": "a@b.co"}], "group_ids": [6002]})),
    ("reminder add 4H daily group:6001", Command("reminder.add", {"threshold": 4, "frequency": 1,
                                                                "people": [], "group_ids": [6001]})),
    ("reminder update 8001 5h", Command("reminder.update", {"reminder_id": 8001, "threshold": 5})),
    ("reminder update 8001 weekly", Command("reminder.update", {"reminder_id": 8001, "frequency": 7})),
    ("reminder update 8001 group:6001", Command("reminder.update", {"reminder_id": 8001, "people": [],
                                                                   "group_ids": [6001]})),
    ("reminder delete 8001", Command("reminder.delete", {"reminder_id": 8001})),
    ("clients", Command("clients", {"search": "", "archived": False})),
    ("clients glob archived", Command("clients", {"search": "glob", "archived": True})),
    ('client rename Globex "Globex Corp"', Command("client.rename", {"client": {"name": "Globex"},
                                                                    "name": "Globex Corp"})),
    ("client rename 3001 Globex Corp", Command("client.rename", {"client": {"id": 3001}, "name": "Globex Corp"})),
    ("client rename “Big Co” Small Co", Command("client.rename", {"client": {"name": "Big Co"},
                                                                "name": "Small Co"})),
    ('client rename "2024" New', Command("client.rename", {"client": {"name": "2024"}, "name": "New"})),
    ('client notes Globex "Pays late"', Command("client.notes", {"client": {"name": "Globex"},
                                                                "notes": "Pays late"})),
    ('client notes Globex ""', Command("client.notes", {"client": {"name": "Globex"}, "notes": ""})),
    ("client archive Globex", Command("client.archive", {"client": {"name": "Globex"}})),
    ("client restore 3003", Command("client.restore", {"client": {"id": 3003}})),
    ("workspace", Command("workspace")),
    ("workspace ws=9002", Command("workspace", workspace_id=9002)),
    ('workspace set name="Acme HQ" default_currency=usd', Command("workspace.set", {
        "fields": {"name": "Acme HQ", "default_currency": "USD"}})),
    ("workspace set rounding=up rounding_minutes=15 only_admins_may_create_projects=yes",
     Command("workspace.set", {"fields": {"rounding": 1, "rounding_minutes": 15,
                                          "only_admins_may_create_projects": True}})),
    ("workspace set default_hourly_rate=0", Command("workspace.set", {"fields": {"default_hourly_rate": 0.0}})),
    # Slack-escaped text reaches Toggl as the person typed it
    ('client notes Globex "Invoices to <mailto:finance@bigco.example|finance@bigco.example>"',
     Command("client.notes", {"client": {"name": "Globex"}, "notes": "Invoices to finance@bigco.example"})),
    ('client rename Globex "Smith &amp; Sons &lt;UK&gt;"',
     Command("client.rename", {"client": {"name": "Globex"}, "name": "Smith & Sons <UK>"})),
    ("users <mailto:cat@acme.test|cat@acme.test>", Command("users", {"search": "cat@acme.test", "inactive": False})),
    ('profile set fullname="<!channel> <https://evil.example|Re-login>"',
     Command("profile.set", {"fields": {"fullname": "@channel Re-login"}})),
    ("rate set <@U0CAT|cat> 85", Command("rate.set", {"target": {"level": "workspace_user",
                                                                  "who": {"slack_user": "U0CAT"}},
                                                       "amount": "85", "type": "billable_rates",
                                                       "mode": "start-today"})),
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
    ("users ws=abc", "ws must be a positive whole number"),
    ("users ws=0", "ws must be a positive whole number"),
    ("me ws=42", "`ws=` does not apply to `me`"),
    ("profile set timezone=UTC ws=5", "`ws=` does not apply to `profile set`"),
    ("connect 1971800d4d82861d8f2c1651fea4d212 ws=5", "`ws=` does not apply to `connect`"),
    ("help ws=1", "`ws=` does not apply to `help`"),
    ("approvals ws=2", "`ws=` does not apply to `approvals`"),
    ("status ws=2", "`ws=` does not apply to `status`"),
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
    ("user set a@b.co", "at least one field"),
    ("user set a@b.co role=owner", "role must be one of admin, user, projectlead, teamlead"),
    ("user set a@b.co rate=-5", "rate must be a positive number"),
    ("user set a@b.co rate=0", "rate must be a positive number"),
    ("user set a@b.co rate=abc", "rate must be a positive number"),
    ("user set a@b.co labor_cost=1.234", "labor_cost must be a positive number"),
    ("user set a@b.co working_hours=0", "working_hours must be a whole number of minutes"),
    ("user set a@b.co working_hours=25h", "working_hours must be a whole number of minutes"),
    ("user set a@b.co working_hours=soon", "working_hours must be minutes"),
    ("user set a@b.co nickname=x", "unknown field `nickname`"),
    ("user set role=admin", "name exactly one person"),
    ("user deactivate", "name exactly one person"),
    ("user remove", "name at least one person"),
    ("user remove a@b.co A@B.co", "named twice"),
    ("user remove a@b.co bob", "is not a person"),
    ("user fire a@b.co", "unknown `user` subcommand `fire`"),
    ("rate set", "give a target and an amount"),
    ("rate set workspace", "give a target and an amount"),
    ("rate set workspace -10", "amount must be a positive number"),
    ("rate set workspace 0", "amount must be a positive number"),
    ("rate set workspace ten", "amount must be a positive number"),
    ("rate set workspace 85,50", "did you mean 85.50?"),
    ("rate set workspace 1e3", "amount must be a positive number like 85 or 85.50, got `1e3`"),
    ("rate set workspace inf", "amount must be a positive number"),
    ("rate set workspace 85.555", "amount must be a positive number"),
    ("user set a@b.co rate=1,5", "did you mean 1.5?"),
    ("rate set galaxy 10", "is not a rate target"),
    ("rate set a@b.co 10 mode=sometimes", "mode must be one of start-today, override-current, override-all"),
    ("rate set a@b.co 10 mode=start-today start=2026-01-01", "either mode= or start="),
    ("rate set a@b.co 10 start=2026-13-01", "start must be a date"),
    ("rate set a@b.co 10 start=tomorrow", "start must be a date"),
    ("rate set a@b.co 10 speed=fast", "unknown option `speed=`"),
    ("rate set task:abc 10", "task id must be a positive whole number"),
    ("rate set task:5 a@b.co 10", "unexpected `a@b.co` after the task"),
    ("rate set project:4001 bob 10", "is not a person"),
    ("rate show", "give a target"),
    ("reminders now", "unexpected `now`"),
    ("reminder add", "start with the threshold"),
    ("reminder add 0h a@b.co", "whole hours from 1h"),
    ("reminder add 1.5h a@b.co", "whole hours from 1h"),
    ("reminder add 200h a@b.co", "whole hours from 1h"),
    ("reminder add 6h", "at least one person or group"),
    ("reminder add 6h daily", "at least one person or group"),
    ("reminder add 6h monthly a@b.co", "is not a person"),
    ("reminder add 6h a@b.co daily", "must come right after the hours"),
    ("reminder add 6h group:x", "group id must be a positive whole number"),
    ("reminder add 6h group:5 group:5", "named twice"),
    ("reminder update", "give the reminder id"),
    ("reminder update 8001", "say what to change"),
    ("reminder update abc 5h", "reminder id must be a positive whole number"),
    ("reminder delete", "give one reminder id"),
    ("reminder delete 8001 8002", "give one reminder id"),
    ("clients archived extra=1", "unknown option"),
    ("client rename Globex", "give the client and its new name"),
    ('client rename Globex ""', "cannot be empty"),
    ("client rename Globex " + "x" * 101, "at most 100 characters"),
    ('client rename "" New', "client name is empty"),
    ("client notes Globex", "give the client and the notes"),
    ("client archive", "name exactly one client"),
    ("client archive Big Co", "name exactly one client"),
    ("workspace show", "unexpected `show`"),
    ("workspace set", "at least one field"),
    ("workspace set colour=blue", "unknown field `colour`"),
    ('workspace set name=" "', "non-space"),
    ("workspace set name=" + "x" * 141, "at most 140"),
    ("workspace set default_currency=euro", "3-letter code"),
    ("workspace set rounding=sideways", "rounding must be down, nearest or up"),
    ("workspace set rounding_minutes=-5", "whole number of minutes"),
    ("workspace set reports_collapse=maybe", "expected true or false"),
    ("workspace set default_hourly_rate=-1", "default_hourly_rate must be a positive number"),
    ("workspace set rate_change_mode=later", "rate_change_mode must be one of"),
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
    assert caught.value.usage == "/toggl user show <who>"


def test_retroactive_rate_modes_are_their_own_action() -> None:
    assert parse("rate set workspace 50 mode=override-all").command.action == "rate.retroactive"
    assert parse("rate set workspace 50 mode=override-current").command.action == "rate.retroactive"
    assert parse("rate set workspace 50").command.action == "rate.set"


def test_command_round_trips_through_json_form() -> None:
    command = parse("profile set timezone=UTC beginning_of_week=1").command
    assert Command.from_dict(command.to_dict()) == command
