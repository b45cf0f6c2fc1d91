"""Acks of admin commands: refusals and bad input are answered at once, nothing is queued.

No worker runs here: whatever the ack says, Toggl must not have been asked.
"""
from __future__ import annotations

import pytest

from bot.catalogue import CATALOGUE, Audience
from bot.messages.text import esc
from bot.parser import parse
from tests.conftest import MEMBER

QUEUE = "rq:queue:togglbot"

# One valid text per admin-only command (valid, so that only the permission check stops it).
ADMIN_COMMANDS = [
    "users",
    "user show cat@acme.test",
    "user set cat@acme.test role=admin",
    "user deactivate cat@acme.test",
    "user reactivate eve@acme.test",
    "user remove cat@acme.test",
    "rate set workspace 50",
    "rate show workspace",
    "reminders",
    "reminder add 6h daily cat@acme.test",
    "reminder update 8001 5h",
    "reminder delete 8001",
    "clients",
    "client rename Globex Initrode",
    "client notes Globex hello",
    "client archive Globex",
    "client restore Umbrella",
    "workspace",
    "workspace set rounding=up",
    "quota",
    "projects",
    "groups",
    "members pending",
    "constraints",
    "alerts",
    'alert add project:"Website" 80%',
    "alert delete 30001",
    'workspace create "Acme Labs"',
    "watch workspace_user",
    "watches",
    "unwatch 50001",
    "approvals",
    "undo abc234",
    "preview user set cat@acme.test role=admin",  # preview: the previewed change's rights apply
]

# Bad input → the command whose usage line the ack must show.
BAD_INPUTS = [
    ("user set cat@acme.test role=owner", "user.set"),
    ("user set cat@acme.test working_hours=25h", "user.set"),
    ("user set cat@acme.test", "user.set"),
    ("user set not-a-person role=admin", "user.set"),
    ("user set cat@acme.test rate=-5", "user.set"),
    ("user remove", "user.remove"),
    ("user remove cat@acme.test CAT@acme.test", "user.remove"),
    ("users ws=abc", "users"),
    ("rate set workspace 0", "rate.set"),
    ("rate set workspace 85.555", "rate.set"),
    ("rate set workspace 50 mode=sometimes", "rate.set"),
    ("rate set workspace 50 start=2026-13-01", "rate.set"),
    ("rate set workspace 50 mode=start-today start=2026-12-01", "rate.set"),
    ("rate set task:abc 50", "rate.set"),
    ("rate show", "rate.show"),
    ("reminder add 0h cat@acme.test", "reminder.add"),
    ("reminder add 2.5h cat@acme.test", "reminder.add"),
    ("reminder add 6h", "reminder.add"),
    ("reminder add 6h monthly cat@acme.test", "reminder.add"),
    ("reminder update abc 5h", "reminder.update"),
    ("reminder update 8001", "reminder.update"),
    ("reminder delete", "reminder.delete"),
    ("client rename Globex", "client.rename"),
    ("client rename Globex " + "x" * 101, "client.rename"),
    ("client archive", "client.archive"),
    ("client rename “Globex New", "client.rename"),
    ("workspace set rounding=sideways", "workspace.set"),
    ("workspace set plan=enterprise", "workspace.set"),
    ("workspace set", "workspace.set"),
    ("workspace set default_currency=EURO", "workspace.set"),
]


def test_the_list_covers_every_admin_command() -> None:
    covered = {parse(text).command.name for text in ADMIN_COMMANDS}
    assert covered == {name for name, spec in CATALOGUE.items() if spec.who is not Audience.ANYONE or spec.wraps}


@pytest.mark.parametrize("text", ADMIN_COMMANDS)
def test_non_admin_is_refused_and_nothing_is_queued(bot, redis, toggl, text) -> None:
    sent = bot.command(text, user=MEMBER)
    assert sent.status == 200
    assert sent.ack.get("response_type", "ephemeral") == "ephemeral"
    assert sent.ack_text.startswith("🚫") and "only for the bot's Toggl admins" in sent.ack_text
    assert "Nothing was changed" in sent.ack_text
    assert redis.llen(QUEUE) == 0
    assert toggl.requests == []


@pytest.mark.parametrize(("text", "command"), BAD_INPUTS)
def test_bad_input_shows_the_usage_line_and_never_reaches_toggl(bot, redis, toggl, text,
                                                               command) -> None:
    sent = bot.command(text)
    assert sent.status == 200
    assert sent.ack.get("response_type", "ephemeral") == "ephemeral"
    assert sent.ack_text.startswith("⚠️")
    assert f"Usage: `{esc(CATALOGUE[command].usage)}`" in sent.ack_text  # Slack shows &lt; as <
    assert redis.llen(QUEUE) == 0
    assert toggl.requests == []


@pytest.mark.parametrize("text", ["users ws=4242", "preview user set cat@acme.test rate=50 ws=4242"])
def test_a_workspace_outside_the_allow_list_is_refused_in_the_ack(bot, redis, toggl, text) -> None:
    sent = bot.command(text)
    assert "does not act on workspace 4242" in sent.ack_text
    assert redis.llen(QUEUE) == 0 and toggl.requests == []
