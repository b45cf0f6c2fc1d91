"""Slack users read no setting names and no internal identifiers (SPEC §11).

A person in Slack can neither see nor change the bot's environment, so no
message says ``TOGGLBOT_ADMINS`` or ``TOGGL_API_TOKEN``: a refusal says what
to type instead or who can help (``ask an admin to make you an approver``),
and what only whoever runs the bot can fix goes to the log, naming the
variable. Start-up and operator errors keep naming variables
(``tests/bot/test_settings.py``).

Checked three ways: every message builder rendered with ordinary values
(the table of ``tests/test_hostile_output.py``); every string literal of the
modules that word messages, parser problems and refusals (``Guarded``), apart
from docstrings and log lines; and the acks of refused and unconfigured
commands, a non-approver's click and a card that could not be posted,
through signed requests.
"""
from __future__ import annotations

import ast
import logging
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.settings import Settings
from tests.conftest import ADMIN, MEMBER, SIGNING_SECRET
from tests.support import BotDriver
from tests.test_hostile_output import builders

ROOT = Path(__file__).resolve().parent.parent
SETTING = re.compile(r"\b(?:TOGGLBOT|TOGGL|SLACK|REDIS|PROMETHEUS|GUNICORN)_[A-Z_]+\b|\bLOG_FORMAT\b")
# Internal identifiers: Redis keys, job ids, Python modules, the card buttons' action ids.
INTERNAL = re.compile(r"\btogglbot:[a-z]|\b(?:cmd|expire|decided)-[a-z2-7]{6}\b|\b[a-z_]+\.py\b"
                      r"|\bapproval_(?:approve|reject)\b")
# Keys of Block Kit and Slack payloads that Slack reads but never shows.
MACHINE_KEYS = {"action_id", "block_id", "value", "callback_id", "type", "style", "private_metadata",
                "response_action", "response_type", "url", "replace_original", "delete_original", "external_id"}
ORDINARY = "Globex"
# Modules whose string literals reach Slack users (message builders, parser problems, refusals).
WORDING = ["bot/messages", "web/messages", "workers/messages", "bot/parsing", "workers/changes",
           "workers/handlers", "workers/errors.py", "web/intake.py", "web/approval_desk.py", "web/answers.py",
           "web/modals.py", "web/home.py", "bot/forms.py", "bot/parser.py"]
LOGGERS = {"log", "logger", "logging"}


def shown(message: Any) -> list[str]:
    """Every string of ``message`` that Slack shows (texts, titles, options, field errors…)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for key, child in node.items():
                if key not in MACHINE_KEYS:
                    walk(child)
        elif isinstance(node, (list, tuple)):
            for child in node:
                walk(child)

    walk(message)
    return found


def assert_person_words(message: Any, where: str = "") -> None:
    for text in shown(message):
        assert not SETTING.search(text), (where, text)
        assert not INTERNAL.search(text), (where, text)


@pytest.mark.parametrize("name", sorted(builders(ORDINARY)))
def test_no_message_names_a_setting_or_an_internal_identifier(name: str) -> None:
    assert_person_words(builders(ORDINARY)[name](), name)


def test_every_approval_refusal_says_who_can_help() -> None:
    from web.messages import approvals

    for reason in approvals.REFUSALS:
        assert_person_words(approvals.refusal(reason, "abc234"), reason)
    assert "ask an admin to make you an approver" in approvals.refusal("not_approver", "abc234")["text"]


def _wording_files() -> Iterator[Path]:
    for name in WORDING:
        path = ROOT / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _user_strings(tree: ast.AST) -> Iterator[ast.Constant]:
    """String constants outside docstrings and outside calls to a logger."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in LOGGERS:
            skip.update(id(inner) for inner in ast.walk(node))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node


def test_no_wording_module_holds_a_setting_name() -> None:
    found = [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:80]}"
             for path in _wording_files() for node in _user_strings(ast.parse(path.read_text()))
             if SETTING.search(node.value)]
    assert not found, found


# -- through signed requests ---------------------------------------------------------------------------


def _driver(env: dict[str, str], slack, toggl, **changes: str | None) -> BotDriver:
    from app import create_app

    values = {k: v for k, v in {**env, **changes}.items() if v is not None}
    return BotDriver(create_app(Settings.from_env(values)), slack, toggl, SIGNING_SECRET)


def _refusal(text: str) -> None:
    """A refusal in a person's words, with what to type instead or whom to ask."""
    assert_person_words(text)
    assert "/toggl" in text or "ws=" in text or "ask " in text, text


def test_refused_and_unconfigured_acks_say_who_can_help(env, slack, toggl, caplog) -> None:
    bot = _driver(env, slack, toggl)
    refused = bot.command("users", user=MEMBER).ack_text
    assert refused.startswith("🚫") and "ask one of them" in refused
    _refusal(refused)
    _refusal(bot.command("users ws=4242").ack_text)
    _refusal(bot.command("user set cat@acme.test colour=red").ack_text)

    caplog.set_level(logging.WARNING, logger="web.intake")
    no_key = _driver(env, slack, toggl, TOGGLBOT_SECRET_KEY=None).command("connect abcdef1234567890").ack_text
    no_token = _driver(env, slack, toggl, TOGGL_API_TOKEN=None).command("users").ack_text
    for text in (no_key, no_token):
        assert text.startswith("⚠️ The bot is not set up for") and "ask whoever runs it" in text, text
        _refusal(text)
    logged = caplog.text  # whoever runs the bot learns which setting is missing
    assert "TOGGLBOT_SECRET_KEY" in logged and "TOGGL_API_TOKEN" in logged


def test_a_card_that_cannot_be_posted_says_what_to_do(bot, worker, slack) -> None:
    slack.fail_next("chat.postMessage", "not_in_channel")
    sent = bot.command("user remove dan@acme.test", user=ADMIN)
    assert sent.ack_text.startswith("🛂"), sent.ack_text
    text = bot.result(sent)["text"]
    assert text.startswith("❌ Could not post the approval card") and "the bot is not in that channel" in text
    assert "Invite the bot to <#C0OPS>" in text and "choose another approval channel" in text
    assert_person_words(text)
