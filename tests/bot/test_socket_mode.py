"""Socket Mode: the same listeners answer envelopes dispatched through Bolt (offline)."""
from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from app import create_app
from bot.refs import RefStore, State
from bot.settings import Settings, SettingsError
from fakes.slack_requests import SlashCommand, block_actions_payload
from tests.conftest import ADMIN, ADMIN2


@pytest.fixture
def bolt(env):
    settings = Settings.from_env({**env, "SLACK_APP_TOKEN": "xapp-test-socket-mode"})
    return create_app(settings, connect_socket_mode=False).extensions["togglbot.bolt"]


def envelope(kind: str, payload: dict) -> SocketModeRequest:
    return SocketModeRequest(type=kind, envelope_id="env-1", payload=payload)


def slash_payload(text: str, user: str = ADMIN) -> dict:
    return dict(parse_qsl(SlashCommand(text=text, user_id=user).body(), keep_blank_values=True))


def test_app_token_must_be_an_xapp_token(env) -> None:
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN"):
        Settings.from_env({**env, "SLACK_APP_TOKEN": "xoxb-wrong-kind"})


def test_slash_command_envelope_is_acked_and_queued(bolt, redis) -> None:
    response = run_bolt_app(bolt, envelope("slash_commands", slash_payload("users")))
    assert response.status == 200
    assert json.loads(response.body)["text"].startswith("⏳ list workspace users — ref ")
    assert redis.llen("rq:queue:togglbot") == 1


def test_usage_errors_come_back_the_same_way(bolt, redis) -> None:
    response = run_bolt_app(bolt, envelope("slash_commands", slash_payload("user show")))
    assert "name exactly one person" in json.loads(response.body)["text"]
    assert redis.llen("rq:queue:togglbot") == 0


def test_button_click_envelope_decides_the_request(bolt, redis) -> None:
    ack = json.loads(run_bolt_app(bolt, envelope("slash_commands",
                                                 slash_payload("user remove dan@acme.test"))).body)
    ref = ack["text"].split("ref ")[1].split(":")[0]
    RefStore(redis).update(ref, state=State.AWAITING_APPROVAL)  # as the worker does once the card is up
    click = block_actions_payload("approval_approve", ref, user_id=ADMIN2)
    assert run_bolt_app(bolt, envelope("interactive", click)).status == 200
    assert redis.hget(f"togglbot:ref:{ref}", "state") == b"queued"
    assert redis.hget(f"togglbot:ref:{ref}", "decided_by") == ADMIN2.encode()
