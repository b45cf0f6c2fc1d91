"""slack-manifest.yml: it parses, names the route the app serves, and its scopes cover the code."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from app import create_app

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
}


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
    command_path = urlsplit(MANIFEST["features"]["slash_commands"][0]["url"]).path
    interactivity_path = urlsplit(MANIFEST["settings"]["interactivity"]["request_url"]).path
    assert command_path == interactivity_path == "/slack/events"
    assert command_path in routes
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


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
