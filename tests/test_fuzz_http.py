"""Random, truncated and malformed bodies to ``POST /slack/events``, validly signed.

A correctly signed request can still carry anything (a Slack change, a proxy that
cuts bodies, a bug on Slack's side). The web process must never answer 500: Bolt's
200 / 400 / 404 are all fine. Slash commands with any text must get a proper ack
(never the "something went wrong" fallback, which means an exception was caught).
"""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fakes.slack_requests import SlashCommand, block_actions_payload
from tests.conftest import ADMIN, ADMIN2, MEMBER, SIGNING_SECRET
from web.messages.acks import unexpected_error

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ALLOWED = {200, 400, 401, 404}
UNEXPECTED = unexpected_error()["text"]


def signed_raw(body: bytes, content_type: str) -> dict[str, str]:
    """Slack's v0 signature over the raw bytes (slack_sdk's helper wants UTF-8 text)."""
    timestamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body,
                      hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest}"}


def post(bot, body, content_type: str = "application/x-www-form-urlencoded", allowed=ALLOWED - {401}):
    raw = body.encode() if isinstance(body, str) else body
    response = bot.http.post("/slack/events", data=raw, headers=signed_raw(raw, content_type))
    assert response.status_code in allowed, (response.status_code, body)
    return response


def assert_no_bug_in_ack(response) -> None:
    data = response.get_json(silent=True) or {}
    assert data.get("text") != UNEXPECTED, "an exception reached the ack path"


# ------------------------------------------------------------------ raw bodies
@FUZZ
@given(st.binary(max_size=400))
@example(b"")
@example(b"\xff\xfe\x00garbage")
@example(b"payload=%ZZ")
@example(b"command=%2Ftoggl&text=%FF%FE")
@example(b"payload=" + b"\xc3\x28")
def test_random_bytes_are_never_a_500(bot, body: bytes) -> None:
    post(bot, body, allowed=ALLOWED if not utf8(body) else ALLOWED - {401})


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["application/json", "text/plain", "multipart/form-data",
                                                  "application/x-www-form-urlencoded; charset=latin-1", ""]))
def test_random_bytes_with_other_content_types_are_never_a_500(bot, body: bytes,
                                                               content_type: str) -> None:
    # werkzeug reads a multipart body as a form, so the raw bytes Slack signed are gone: 401.
    unverifiable = not utf8(body) or content_type.startswith("multipart/")
    post(bot, body, content_type, allowed=ALLOWED if unverifiable else ALLOWED - {401})


# ------------------------------------------------------------------ slash commands
@FUZZ
@given(st.data())
def test_truncated_slash_command_bodies_are_never_a_500(bot, data) -> None:
    body = SlashCommand(text="user set cat@acme.test role=admin",
                        response_url=bot.slack.new_response_url()).body()
    cut = data.draw(st.integers(min_value=0, max_value=len(body)))
    post(bot, body[:cut])


SLACK_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@FUZZ
@given(SLACK_TEXT, st.sampled_from([ADMIN, MEMBER, "U0NOBODY", "", "<script>"]))
@example("reminder delete ²", ADMIN)
@example("users ws=²", ADMIN)
@example("user set cat@acme.test rate=1e400", ADMIN)
@example("connect x=1 1971800d4d82861d8f2c1651fea4d212", MEMBER)
@example("status " + "a" * 5000, MEMBER)
def test_any_command_text_gets_a_proper_ack(bot, text: str, user: str) -> None:
    response = post(bot, SlashCommand(text=text, user_id=user,
                                            response_url=bot.slack.new_response_url()).body())
    assert response.status_code == 200
    assert_no_bug_in_ack(response)


SLASH_FIELDS = ["token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
                "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
                "enterprise_id", "payload", "type", "ssl_check", "challenge"]
FIELD_VALUES = st.one_of(st.text(max_size=30), st.sampled_from(
    ["/toggl", "/TOGGL", "/toggle", "/togglx", "users", "help", "true", "", "{}", "[]", "null",
     "http://127.0.0.1:1/nowhere", "not a url", "1", "U0ADMIN1"]))


@FUZZ
@given(st.dictionaries(st.one_of(st.sampled_from(SLASH_FIELDS), st.text(max_size=10)), FIELD_VALUES,
                       max_size=10))
@example({"command": "/toggl"})
@example({"command": "/toggl", "text": "users"})
@example({"command": "/toggl", "text": "users", "user_id": ADMIN})
@example({"command": "/toggl", "text": "users", "user_id": ADMIN, "trigger_id": ""})
@example({"ssl_check": "1", "token": "x"})
@example({"type": "url_verification", "challenge": "abc"})
def test_form_bodies_with_random_fields_are_never_a_500(bot, fields: dict) -> None:
    response = post(bot, urlencode(fields))
    assert_no_bug_in_ack(response)


# ------------------------------------------------------------------ interactive payloads
@FUZZ
@given(st.text(max_size=200))
@example("{")
@example("not json")
@example("[1, 2")
@example('{"type": "block_actions"')
def test_payload_with_invalid_json_is_never_a_500(bot, payload: str) -> None:
    post(bot, urlencode({"payload": payload}))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=10)
PAYLOAD_TYPES = st.sampled_from(["block_actions", "view_submission", "view_closed", "shortcut",
                                 "message_action", "interactive_message", "block_suggestion", "", "x"])


@FUZZ
@given(JSON_VALUES)
@example([])
@example("block_actions")
@example(None)
@example({"type": "block_actions"})
def test_json_of_the_wrong_shape_is_never_a_500(bot, value) -> None:
    post(bot, urlencode({"payload": json.dumps(value)}))


def click_payload(response_url: str, action_id: str = "approval_approve", value: str = "abcdef",
                  user: str = ADMIN2) -> dict:
    return block_actions_payload(action_id, value, user_id=user, response_url=response_url)


MUTATIONS = st.sampled_from([
    ("drop", "actions"), ("drop", "user"), ("drop", "response_url"), ("drop", "team"),
    ("drop", "container"), ("drop", "type"), ("drop", "channel"), ("drop", "message"),
    ("drop_action", "value"), ("drop_action", "action_id"), ("drop_action", "type"),
    ("set", "actions"), ("set", "user"), ("set", "team"), ("set", "channel"), ("set", "response_url"),
    ("set_action", "value"), ("set_action", "action_id"), ("set_user", "id"), ("set", "type"),
])


@FUZZ
@given(st.lists(MUTATIONS, min_size=1, max_size=4), JSON_VALUES,
       st.sampled_from(["approval_approve", "approval_reject", "approval_other", "unknown_action", ""]))
@example([("drop", "actions")], None, "approval_approve")
@example([("drop", "user")], None, "approval_approve")
@example([("drop_action", "value")], None, "approval_reject")
@example([("set", "actions")], [], "approval_approve")
@example([("set", "actions")], ["x"], "approval_approve")
@example([("set", "user")], "U0ADMIN2", "approval_approve")
@example([("set_action", "value")], {"ref": 1}, "approval_approve")
@example([("set_user", "id")], None, "approval_reject")
@example([("set", "response_url")], None, "approval_approve")
def test_block_actions_with_missing_or_odd_parts_are_never_a_500(bot, mutations, value,
                                                                 action_id: str) -> None:
    payload = click_payload(bot.slack.new_response_url(), action_id=action_id)
    for kind, key in mutations:
        action = payload["actions"][0] if isinstance(payload.get("actions"), list) and payload["actions"] \
            and isinstance(payload["actions"][0], dict) else None
        if kind == "drop":
            payload.pop(key, None)
        elif kind == "set":
            payload[key] = copy.deepcopy(value)
        elif kind == "drop_action" and action is not None:
            action.pop(key, None)
        elif kind == "set_action" and action is not None:
            action[key] = copy.deepcopy(value)
        elif kind == "set_user" and isinstance(payload.get("user"), dict):
            payload["user"][key] = copy.deepcopy(value)
    post(bot, urlencode({"payload": json.dumps(payload)}))


def test_click_on_an_unknown_action_id_is_acknowledged_or_ignored(bot, redis) -> None:
    before = redis.dbsize()
    response = post(bot, urlencode({"payload": json.dumps(
        click_payload(bot.slack.new_response_url(), action_id="something_else"))}))
    assert response.status_code in (200, 404)
    assert redis.dbsize() == before


def test_click_on_an_unknown_ref_changes_nothing(bot, redis) -> None:
    response = post(bot, urlencode({"payload": json.dumps(
        click_payload(bot.slack.new_response_url(), value="zzzzzz"))}))
    assert response.status_code == 200
    assert not redis.keys("togglbot:ref:*")


def test_non_utf8_slash_text_is_never_a_500(bot) -> None:
    body = SlashCommand(text="users", response_url=bot.slack.new_response_url()).body().encode()
    for raw in (b"%FF%FE%FD", b"%C3%28", b"%ED%A0%80", b"%00", b"%F0%9F%98"):  # escaped: still ASCII
        response = post(bot, body.replace(b"text=users", b"text=users+" + raw))
        assert_no_bug_in_ack(response)
    for raw in (b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80"):
        # Bolt verifies the body as text decoded with replacement characters, so raw
        # non-UTF-8 bytes cannot match Slack's signature: 401, and never a 500.
        post(bot, body.replace(b"text=users", b"text=users" + raw), allowed=ALLOWED)


def utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
