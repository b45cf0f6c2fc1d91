"""Property-based tests of the parser (SPEC §4, §8 "bad input", §9 "JSON jobs").

Whatever a person (or Slack's escaping) puts after ``/toggl``, ``parse`` returns a
``ParsedCommand`` or raises ``UsageError`` — never anything else. What it returns is
what an RQ job carries, so it must be strict JSON (no NaN/Infinity) and must
round-trip; a pasted token never lands in it nor in an error message.
"""
from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.catalogue import CATALOGUE, Command
from bot.parser import ParsedCommand, parse
from bot.parsing.problems import UsageError
from fakes.slack import blocks_error
from web.messages import acks

# Fast and reproducible: no example database written into the work tree, no
# per-example deadline (the suite runs six at once on two cores).
FAST = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

SLACKISH = (string.ascii_letters + string.digits + " \t\n" + '"“”„' + "<>@|=:._-/#&;*()!?'"
            + "ÄöüéÕ" + "²³¹٣۵１" + "🙂🎉" + "\u00a0\u200b")
MENTIONS = st.sampled_from(["<@U0ADMIN1>", "<@U0MEMBER|cat>", "<@W123ABC>", "<@u0lower>", "<@>",
                            "<@U0MEMBER", "@cat", "&lt;@U0ADMIN1&gt;"])
EMAILS = st.sampled_from(["cat@acme.test", "CAT@ACME.TEST", "<mailto:cat@acme.test|cat@acme.test>",
                          "<mailto:cat@acme.test>", "<mailto:|x>", "a@b", "@acme.test", "cat@",
                          "cat@acme.test,dan@acme.test"])
NUMBERS = st.sampled_from(["0", "1", "7", "85", "85.50", "85.555", "-1", "+3", "1e3", "1e400", "1E+999999",
                           "NaN", "inf", "Infinity", "0.00", "00", "²", "٣", "１２", "7.5h", "6h", "0h",
                           "169h", "1.5h", "h", "9" * 40, "0x10", "1_000", ""])
IDS = st.builds(lambda kind, n: f"{kind}:{n}",
                st.sampled_from(["id", "ID", "group", "project", "task", "ws"]), NUMBERS)
FIELD_NAMES = st.sampled_from(["role", "rate", "labor_cost", "working_hours", "fullname", "email",
                               "timezone", "beginning_of_week", "country_id", "default_workspace_id",
                               "password", "name", "default_hourly_rate", "default_currency",
                               "rounding", "rounding_minutes", "rate_change_mode", "mode", "start",
                               "ws", "reports_collapse", "only_admins_may_create_projects",
                               "projects_billable_by_default", "bogus", "Role", "RATE", "a-b", ""])
FIELD_VALUES = st.one_of(NUMBERS, st.sampled_from(
    ["admin", "user", "projectlead", "teamlead", "ADMIN", "boss", "yes", "no", "true", "off", "maybe",
     "up", "down", "nearest", "-1", "EUR", "eu", "Europe/Tallinn", "europe/tallinn", "Mars/Base",
     "monday", "Sun", "mo", "start-today", "override-all", "2026-01-31", "2026-02-30", "20260131",
     '"Jane Q. Public"', "“Big Co”", '""', "a=b", "=", "x" * 150]),
    st.text(SLACKISH, max_size=12))
OPTIONS = st.builds(lambda k, v: f"{k}={v}", FIELD_NAMES, FIELD_VALUES)
WORDS = st.one_of(
    st.sampled_from(sorted({w for name in CATALOGUE for w in name.split(".")})),
    st.sampled_from(["workspace", "daily", "weekly", "billable", "labor", "inactive", "archived",
                     "Globex", '"Big Co"', "“Mobile App”", "„x”", '"', "“", "'", "project:4001",
                     'project:"Mobile App"', "task:2001", "group:6002", "abcdef", "k3xq2a",
                     "tok-cat-demo", "1971800d4d82861d8f2c1651fea4d212"]),
    MENTIONS, EMAILS, NUMBERS, IDS, OPTIONS, st.text(SLACKISH, min_size=1, max_size=10))
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", " \u00a0"])


@st.composite
def near_valid(draw) -> str:
    """A catalogue command name (sometimes in odd case) followed by plausible words."""
    name = draw(st.sampled_from(sorted(CATALOGUE)))
    head = name.split(".")
    if draw(st.booleans()):
        head = [w.upper() if draw(st.booleans()) else w.capitalize() for w in head]
    words = head + draw(st.lists(WORDS, max_size=7))
    if draw(st.integers(0, 4)) == 0:  # drop or swap a word now and then
        index = draw(st.integers(0, len(words) - 1))
        words.pop(index)
    parts = []
    for word in words:
        parts.extend([word, draw(SEPARATORS)])
    return "".join(parts).strip()


def check_outcome(text: str) -> ParsedCommand | UsageError:
    """Parse and check the invariants of whatever came out."""
    try:
        parsed = parse(text)
    except UsageError as error:
        assert isinstance(error.message, str) and error.message
        assert error.command is None or error.command in CATALOGUE
        message = acks.usage_error(error)  # the ack built from it is valid Block Kit
        assert blocks_error(message["blocks"]) is None
        return error
    assert isinstance(parsed, ParsedCommand)
    command = parsed.command
    assert command.name in CATALOGUE
    # What a job carries: strict JSON that round-trips to the same command.
    data = json.dumps(command.to_dict(), allow_nan=False)
    assert Command.from_dict(json.loads(data)) == command
    if parsed.secret is not None:
        assert command.name == "connect"
        assert parsed.secret.value not in json.dumps(command.args)  # (a token may spell a key, e.g. "workspace")
        assert parsed.secret.value not in repr(parsed)
    return parsed


@FAST
@given(st.text(SLACKISH, max_size=80))
@example("reminder delete ²")
@example("client archive ²")
@example("user set cat@acme.test working_hours=²")
@example("workspace set rounding_minutes=²")
@example("profile set beginning_of_week=²")
@example("users ws=²")
@example("user set cat@acme.test rate=1e400")
@example("rate set workspace 1E+999999")
@example("workspace set default_hourly_rate=1e400")
@example("“")
@example("„unclosed")
@example("&lt;@U0ADMIN1&gt;")
def test_slackish_text_parses_or_is_a_usage_error(text: str) -> None:
    check_outcome(text)


@FAST
@given(st.text(max_size=60))
def test_any_unicode_text_parses_or_is_a_usage_error(text: str) -> None:
    check_outcome(text)


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(near_valid())
def test_near_valid_commands_parse_or_are_usage_errors(text: str) -> None:
    check_outcome(text)


@FAST
@given(near_valid())
def test_command_words_are_case_insensitive(text: str) -> None:
    first = check_outcome(text)
    words = text.split(None, 2)
    shouted = " ".join([w.upper() for w in words[:2]] + words[2:])
    second = check_outcome(shouted)
    if isinstance(first, ParsedCommand) and isinstance(second, ParsedCommand):
        assert first.command.name == second.command.name


TOKENS = st.from_regex(r"[A-Za-z0-9_\-]{8,40}", fullmatch=True)


@FAST
@given(TOKENS, st.lists(WORDS, max_size=3), st.lists(WORDS, max_size=3))
@example("1971800d4d82861d8f2c1651fea4d212", ["x=1"], [])
@example("1971800d4d82861d8f2c1651fea4d212", [], ["extra"])
@example("1971800d4d82861d8f2c1651fea4d212", ["ws=2"], ["ws=3"])
def test_a_pasted_token_is_never_echoed_or_queued(token: str, before: list[str], after: list[str]) -> None:
    text = " ".join(["connect", *before, token, *after])
    outcome = check_outcome(text)
    if isinstance(outcome, UsageError):
        assert token not in outcome.message
        assert token not in acks.usage_error(outcome)["text"]
    else:
        assert outcome.command.to_dict() == {"name": "connect", "args": {}, "workspace_id": None}
        assert outcome.secret is not None and outcome.secret.value == token


@FAST
@given(st.sampled_from(sorted(CATALOGUE)), st.integers(min_value=1, max_value=10**12))
def test_ws_option_is_taken_by_every_command_that_acts_on_a_workspace(name: str, wid: int) -> None:
    outcome = check_outcome(" ".join(name.split(".")) + f" ws={wid}")
    if isinstance(outcome, ParsedCommand) and outcome.command.workspace_id is not None:
        assert outcome.command.workspace_id == wid
