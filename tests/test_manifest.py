"""slack-manifest.yml: it parses, names the route the app serves, its scopes cover the code, and
every shortcut, event and options menu it declares has a listener (a signed request to the app is
answered; Bolt answers 404 to one no listener matches)."""
from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from app import create_app
from bot.forms import FORMS
from fakes.slack_requests import (
    DEFAULT_VERIFICATION_TOKEN,
    app_home_opened,
    block_suggestion,
    event_body,
    event_callback,
    global_shortcut,
    interaction_body,
    post_signed,
)
from tests.conftest import ADMIN
from web.messages.modals import form_view

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "slack-manifest.yml").read_text())
# Web API method (as slack_sdk names it) → the bot scopes it needs.
SCOPES_FOR = {
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "users_info": {"users:read", "users:read.email"},
    "users_lookupByEmail": {"users:read", "users:read.email"},
    "conversations_open": {"im:write"},
    # docs.slack.dev reference/methods/views.*: "No scopes required".
    "views_open": set(),
    "views_push": set(),
    "views_update": set(),
    "views_publish": set(),
}
SHORTCUTS = MANIFEST["features"]["shortcuts"]
BOT_EVENTS = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
PICKERS = [(form.callback_id, spec.name) for form in FORMS.values() for spec in form.fields
           if spec.kind in ("project", "group")]  # external_select: options from the Options Load URL


def web_api_methods() -> set[str]:
    """Every ``.web.<method>(`` / ``client.<method>(`` call in the bot's code."""
    found = set()
    for path in [p for package in ("bot", "web", "workers") for p in (ROOT / package).rglob("*.py")]:
        found |= set(re.findall(r"\b(?:web|client)\.((?:chat|users|conversations|views|reactions)_\w+)\(",
                                path.read_text()))
    return found


def test_manifest_has_the_toggl_command_with_escaping() -> None:
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == "/toggl" and command["should_escape"] is True


def test_manifest_urls_name_the_route_the_app_serves(env) -> None:
    from bot.settings import Settings

    routes = {rule.rule for rule in create_app(Settings.from_env(env)).url_map.iter_rules()
              if "POST" in rule.methods}
    settings = MANIFEST["settings"]
    urls = [MANIFEST["features"]["slash_commands"][0]["url"], settings["interactivity"]["request_url"],
            settings["interactivity"]["message_menu_options_url"], settings["event_subscriptions"]["request_url"]]
    assert {urlsplit(url).path for url in urls} == {"/slack/events"}
    assert "/slack/events" in routes
    assert settings["interactivity"]["is_enabled"] is True


def test_manifest_enables_the_home_and_messages_tabs() -> None:
    app_home = MANIFEST["features"]["app_home"]
    assert app_home["home_tab_enabled"] is True and app_home["messages_tab_enabled"] is True


def test_manifest_shortcuts_are_the_forms() -> None:
    assert [s["type"] for s in SHORTCUTS] == ["global"] * len(SHORTCUTS)
    assert {s["callback_id"]: s["name"] for s in SHORTCUTS} == {f.callback_id: f.title for f in FORMS.values()}
    assert all(len(s["name"]) <= 24 and 0 < len(s["description"]) <= 150 for s in SHORTCUTS)


@pytest.mark.parametrize("callback_id", [s["callback_id"] for s in SHORTCUTS])
def test_manifest_shortcut_opens_its_form(bot, callback_id: str) -> None:
    response = post_signed(bot.http, bot.secret, interaction_body(global_shortcut(callback_id, ADMIN)))
    assert response.status_code == 200
    assert bot.slack.top_view(ADMIN)["callback_id"] == callback_id


def test_manifest_subscribes_to_app_home_opened() -> None:
    assert "app_home_opened" in BOT_EVENTS


@pytest.mark.parametrize("event_type", BOT_EVENTS)
def test_manifest_bot_event_has_a_listener(bot, event_type: str) -> None:
    event = app_home_opened(ADMIN) if event_type == "app_home_opened" else {"type": event_type, "user": ADMIN}
    response = post_signed(bot.http, bot.secret, event_body(event_callback(event)))
    assert response.status_code == 200


@pytest.mark.parametrize(("callback_id", "field"), PICKERS)
def test_every_external_select_gets_options_from_the_options_url(bot, callback_id: str, field: str) -> None:
    view = {**copy.deepcopy(form_view(FORMS[callback_id])), "id": "V0TEST"}
    payload = block_suggestion(field, field, "a", view, user=ADMIN)
    response = post_signed(bot.http, bot.secret, interaction_body(payload))
    assert response.status_code == 200
    assert isinstance(response.get_json()["options"], list)


def test_the_events_url_answers_slacks_url_verification(bot) -> None:
    challenge = {"token": DEFAULT_VERIFICATION_TOKEN, "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                 "type": "url_verification"}
    response = post_signed(bot.http, bot.secret, event_body(challenge))
    assert response.status_code == 200
    assert response.get_json() == {"challenge": challenge["challenge"]}


def test_manifest_scopes_cover_every_web_api_method_the_code_calls() -> None:
    methods = web_api_methods()
    assert methods, "the scan found no Web API calls"
    unknown = methods - set(SCOPES_FOR)
    assert not unknown, f"add the scopes of {unknown} to SCOPES_FOR and the manifest"
    needed = set().union(*(SCOPES_FOR[m] for m in methods)) | {"commands"}
    assert needed <= set(MANIFEST["oauth_config"]["scopes"]["bot"])


def test_readme_install_steps_match_the_manifest() -> None:
    readme = (ROOT / "README.md").read_text()
    for scope in MANIFEST["oauth_config"]["scopes"]["bot"]:
        assert f"`{scope}`" in readme
    assert "slack-manifest.yml" in readme and "/slack/events" in readme
