"""The README says what the code does: every action name, links that resolve, examples that run.

The command examples are every line starting with ``/toggl `` in a fenced code
block of the README's *Commands* section. Each is typed as Slack sends it (the
demo people's ``@name`` as mentions, ``#toggl-feed`` as a channel link), with
``<token>`` replaced by @ann's demo Toggl token and ``<ref>`` by the ref of the
latest command that ended in ``✅``; any other ``<placeholder>`` fails the test.

All of them are parsed (fast), and all of them also run end to end, in README
order, as @ann through the signed Slack endpoint and one real worker against
the Toggl fake's demo workspace: none may be refused in the ack (``⚠️`` usage,
``🚫`` refused, ``🔑`` not connected) or end in ``❌``. They run one after the
other because later ones need earlier ones (``connect`` before ``me``, the
``<ref>`` of a change before ``undo``). They all use @ann's token, so Toggl's
pace of one request a second per token sets the time — about 60 requests, a
minute — and running them concurrently would not shorten it; a representative
subset would leave the other examples unchecked, so all of them run (the test
is marked slow: it starts first). Approvals are switched off here so that every
result comes back to the command (approvals have tests of their own).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from bot.catalogue import ACTION_NAMES
from bot.parser import parse
from fakes.slack_requests import SlashCommand, slack_escape
from tests.conftest import ADMIN, ADMIN2, MEMBER, SIGNING_SECRET
from tests.support import BotDriver

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
COMMANDS = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
EXAMPLES = [line.strip() for block in re.findall(r"^```[^\n]*\n(.*?)^```", COMMANDS, re.S | re.M)
            for line in block.splitlines() if line.strip().startswith("/toggl ")]
DAN = "U0DAN"
PEOPLE = {"ann": ADMIN, "bob": ADMIN2, "cat": MEMBER, "dan": DAN}  # Slack names of the demo people
CHANNELS = {"toggl-feed": "C0FEED"}
PLACEHOLDER = re.compile(r"<([^<>@#!|\s][^<>|]*)>")


@pytest.mark.parametrize("action", sorted(ACTION_NAMES))
def test_every_action_name_is_documented(action: str) -> None:
    assert f"`{action}`" in README


def test_every_relative_link_names_a_file_in_the_repository() -> None:
    links = re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", README)
    assert links and all((ROOT / link).exists() for link in links), links


def test_every_link_is_relative_or_web_and_none_leaves_the_repository() -> None:
    links = re.findall(r"\]\(([^)\s]+)", README) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", README, re.M)
    local = [link.split("#")[0] for link in links if not re.match(r"(https?:|mailto:|#)", link)]
    outside = [link for link in local if not (ROOT / link).resolve().is_relative_to(ROOT)]
    assert not outside, outside


def typed(example: str, values: dict[str, str]) -> str:
    """The text after ``/toggl`` with its placeholders filled in."""
    text = example.removeprefix("/toggl ")
    unknown = set(PLACEHOLDER.findall(text)) - set(values)
    assert not unknown, f"{example}: no value for {sorted(unknown)} (known: {sorted(values)})"
    return PLACEHOLDER.sub(lambda match: values[match[1]], text)


def as_slack_sends(text: str) -> str:
    return slack_escape(text, PEOPLE, CHANNELS)


def test_the_commands_section_has_examples_of_most_commands() -> None:
    from bot.catalogue import CATALOGUE

    covered = {parse(as_slack_sends(typed(e, {"token": "tok-ann-demo", "ref": "abc234"}))).command.name
               for e in EXAMPLES}
    missing = sorted(set(CATALOGUE) - covered - {"cancel"})  # cancel needs an open request: see Approvals
    assert not missing, missing


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_command_example_parses(example: str) -> None:
    parse(as_slack_sends(typed(example, {"token": "tok-ann-demo", "ref": "abc234"})))  # UsageError fails it


# -- end to end ------------------------------------------------------------------------------------------


class LateApp:
    """A WSGI app whose Flask app is set once the server's address is known (Toggl calls it back)."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture
def live() -> Iterator[tuple[LateApp, str]]:
    import threading

    from werkzeug.serving import make_server

    holder = LateApp()
    server = make_server("127.0.0.1", 0, holder, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield holder, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def hooks(toggl):
    from fakes.toggl_webhooks import TogglWebhooksFake

    with TogglWebhooksFake(toggl) as fake:
        yield fake


@pytest.fixture
def env(env, monkeypatch, hooks, live):
    extra = {"TOGGLBOT_PUBLIC_URL": live[1], "TOGGL_WEBHOOKS_API_URL": hooks.url, "TOGGLBOT_APPROVAL_REQUIRED": ""}
    for name, value in extra.items():
        monkeypatch.setenv(name, value)
    return {**env, **extra}


@pytest.fixture
def bot(settings, slack, toggl, live) -> BotDriver:
    from app import create_app

    live[0].app = create_app(settings)
    slack.add_user(DAN, email="dan@acme.test", real_name="Dan Designer", name="dan")
    return BotDriver(live[0].app, slack, toggl, SIGNING_SECRET)


@pytest.mark.slow
def test_every_command_example_runs_against_the_fakes(bot, worker, slack, toggl) -> None:
    values = {"token": toggl.demo["tokens"]["ann@acme.test"]}
    for example in EXAMPLES:
        text = typed(example, values)
        sent = bot.send(SlashCommand(text=text, wire_text=as_slack_sends(text), user_id=ADMIN, user_name="ann",
                                     response_url=slack.new_response_url()))
        assert sent.status == 200 and not sent.ack_text.startswith(("⚠️", "🚫", "🔑")), (example, sent.ack_text)
        if not sent.ack_text.startswith("⏳"):
            continue  # answered in the ack (help, status, approvals, disconnect)
        result = bot.result(sent, timeout=30)["text"]
        assert not result.startswith("❌"), (example, result)
        if result.startswith("✅"):
            values["ref"] = sent.ref
