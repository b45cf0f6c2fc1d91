"""View builders and constants shared by the Slack fake's tests (fixtures: ``conftest.py``)."""

from __future__ import annotations

import copy
from typing import Any

from slack_sdk import WebClient

from fakes.slack import SlackFake

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"
ADMIN = "U0ADMIN1"
MEMBER = "U0MEMBER"


def plain(text: str) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": text}


def option(value: str, text: str = "") -> dict[str, Any]:
    """A select-menu option."""
    return {"text": plain(text or value.title()), "value": value}


def section(text: str = "hello") -> dict[str, Any]:
    """A mrkdwn section."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def input_block(block_id: str, element: dict[str, Any], label: str = "Label", **extra: Any) -> dict[str, Any]:
    """An input block around ``element``."""
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element, **extra}


def rate_modal(**overrides: Any) -> dict[str, Any]:
    """A valid modal with every element type the bot uses (people, options, date, text)."""
    view = {
        "type": "modal",
        "callback_id": "toggl_rate_set",
        "title": plain("Set a rate"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": '{"channel":"C0OPS"}',
        "blocks": [
            {"type": "header", "text": plain("Billable rate")},
            input_block("who_b", {"type": "users_select", "action_id": "who_a"}, "Who"),
            input_block("watchers_b", {"type": "multi_users_select", "action_id": "watchers_a"}, "Watchers",
                        optional=True),
            input_block("project_b", {"type": "external_select", "action_id": "project_a", "min_query_length": 2},
                        "Project", optional=True),
            input_block("currency_b", {"type": "static_select", "action_id": "currency_a",
                                       "options": [option("eur", "Euro"), option("usd", "US dollar")],
                                       "initial_option": option("eur", "Euro")}, "Currency"),
            input_block("start_b", {"type": "datepicker", "action_id": "start_a", "initial_date": "2024-01-31"},
                        "Start"),
            input_block("rate_b", {"type": "plain_text_input", "action_id": "rate_a", "max_length": 20}, "Rate"),
            {"type": "actions", "block_id": "help_b",
             "elements": [{"type": "button", "action_id": "help_a", "text": plain("Help"), "value": "rates"}]},
        ],
    }
    view.update(overrides)
    return copy.deepcopy(view)


def home(*blocks: dict[str, Any]) -> dict[str, Any]:
    """A Home tab view."""
    return {"type": "home", "blocks": list(blocks) or [section()]}


def open_modal(slack: SlackFake, client: WebClient, view: dict[str, Any] | None = None,
               user: str = ADMIN) -> dict[str, Any]:
    """Open ``view`` (default ``rate_modal()``) for ``user`` and return it as the fake stores it."""
    return client.views_open(trigger_id=slack.new_trigger_id(user), view=view or rate_modal())["view"]
