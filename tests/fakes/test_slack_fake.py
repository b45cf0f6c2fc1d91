"""Tests of the Slack fake and of the signed-request helpers."""

from __future__ import annotations

import json
import threading
import time
from typing import Iterator
from urllib.parse import parse_qs

import pytest
import requests
from flask import Flask, request
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient
from werkzeug.serving import make_server

from fakes.slack import SlackFake
from fakes.slack_requests import (
    DOC_BODY,
    DOC_SECRET,
    DOC_SIGNATURE,
    DOC_TIMESTAMP,
    SlashCommand,
    block_actions_body,
    post_signed,
    signed_headers,
    slash_command_body,
)

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"


@pytest.fixture(scope="module")
def server() -> Iterator[SlackFake]:
    with SlackFake(bot_token=TOKEN) as fake:
        yield fake


@pytest.fixture
def slack(server: SlackFake) -> SlackFake:
    server.clear()
    server.add_user("U0ADMIN1", email="ann@acme.test", real_name="Ann Admin", name="ann", tz="Europe/Tallinn")
    return server


@pytest.fixture
def client(slack: SlackFake) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


# --- Web API ---------------------------------------------------------------


def test_auth_test_returns_bot_identity(client: WebClient, slack: SlackFake) -> None:
    resp = client.auth_test()
    assert (resp["user_id"], resp["bot_id"], resp["team_id"]) == (slack.bot_user_id, slack.bot_id, slack.team_id)


def test_post_message_is_recorded_with_args_and_token(client: WebClient, slack: SlackFake) -> None:
    resp = client.chat_postMessage(channel="C0OPS", text="hello", blocks=[section("hi")])
    call = slack.calls_to("chat.postMessage")[0]
    assert resp["channel"] == "C0OPS" and resp["message"]["text"] == "hello"
    assert call.token == TOKEN and call.args["blocks"] == [section("hi")]


def test_post_message_ts_unique_and_increasing(client: WebClient) -> None:
    ts = [client.chat_postMessage(channel="D0001", text=str(i))["ts"] for i in range(3)]
    assert ts == sorted(ts, key=float) and len(set(ts)) == 3 and ts[0].count(".") == 1


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_requires_channel_and_text(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as no_channel:
        client.chat_postMessage(channel="", text="x")
    with pytest.raises(SlackApiError) as no_text:
        client.chat_postMessage(channel="C0OPS")
    assert no_channel.value.response["error"] == "channel_not_found"
    assert no_text.value.response["error"] == "no_text"


def test_update_changes_stored_message(client: WebClient, slack: SlackFake) -> None:
    ts = client.chat_postMessage(channel="C0OPS", text="pending")["ts"]
    resp = client.chat_update(channel="C0OPS", ts=ts, text="approved")
    assert resp["text"] == "approved"
    stored = slack.message("C0OPS", ts)
    assert stored is not None and (stored["text"], stored["updated"]) == ("approved", True)


def test_update_unknown_message_fails(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.chat_update(channel="C0OPS", ts="1.000001", text="x")
    assert err.value.response["error"] == "message_not_found"


def test_post_ephemeral_returns_message_ts(client: WebClient) -> None:
    assert client.chat_postEphemeral(channel="C0OPS", user="U0ADMIN1", text="psst")["message_ts"]


def test_users_info_and_lookup_by_email(client: WebClient) -> None:
    user = client.users_info(user="U0ADMIN1")["user"]
    assert user["profile"]["email"] == "ann@acme.test" and user["tz"] == "Europe/Tallinn"
    assert client.users_lookupByEmail(email="ANN@acme.test")["user"]["id"] == "U0ADMIN1"


def test_unknown_users_fail_like_slack(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as info:
        client.users_info(user="U0NOBODY")
    with pytest.raises(SlackApiError) as lookup:
        client.users_lookupByEmail(email="nobody@acme.test")
    assert (info.value.response["error"], lookup.value.response["error"]) == ("user_not_found", "users_not_found")


def test_conversations_open_is_stable_per_user(client: WebClient) -> None:
    first = client.conversations_open(users="U0ADMIN1")["channel"]["id"]
    assert first.startswith("D") and client.conversations_open(users="U0ADMIN1")["channel"]["id"] == first


def test_invalid_token_raises_invalid_auth(slack: SlackFake) -> None:
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert err.value.response["error"] == "invalid_auth"


def test_missing_token_is_not_authed(slack: SlackFake) -> None:
    assert requests.post(slack.api_url + "auth.test", timeout=5).json() == {"ok": False, "error": "not_authed"}


def test_form_and_query_token_accepted(slack: SlackFake) -> None:
    form = requests.post(slack.api_url + "users.info", data={"token": TOKEN, "user": "U0ADMIN1"}, timeout=5)
    query = requests.get(slack.api_url + "users.info", params={"token": TOKEN, "user": "U0ADMIN1"}, timeout=5)
    assert form.json()["ok"] and query.json()["ok"]


def test_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.api_call("chat.scheduleMessage", json={"channel": "C0OPS"})
    assert err.value.response["error"] == "unknown_method"


def test_more_than_50_blocks_rejected(client: WebClient, slack: SlackFake) -> None:
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0OPS", text="x", blocks=[section("b")] * 51)
    assert err.value.response["error"] == "invalid_blocks" and slack.messages == []


def test_section_text_over_3000_chars_rejected(client: WebClient) -> None:
    client.chat_postMessage(channel="C0OPS", text="x", blocks=[section("a" * 3000)])
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0OPS", text="x", blocks=[section("a" * 3001)])
    assert err.value.response["error"] == "invalid_blocks"


def test_blocks_as_json_string_in_form_body(slack: SlackFake) -> None:
    data = {"channel": "C0OPS", "blocks": json.dumps([section("hi")])}
    resp = requests.post(slack.api_url + "chat.postMessage", data=data, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.json()["ok"] and slack.messages[0]["blocks"] == [section("hi")]


def test_fail_next_ratelimited_is_429_with_retry_after(client: WebClient, slack: SlackFake) -> None:
    slack.fail_next("chat.postMessage")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0OPS", text="x")
    assert err.value.response.status_code == 429 and err.value.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel="C0OPS", text="x")["ok"]


def test_fail_next_custom_error_count(client: WebClient, slack: SlackFake) -> None:
    slack.fail_next("users.info", error="fatal_error", count=2)
    errors = []
    for _ in range(3):
        try:
            client.users_info(user="U0ADMIN1")
            errors.append(None)
        except SlackApiError as exc:
            errors.append(exc.response["error"])
    assert errors == ["fatal_error", "fatal_error", None]


def test_wait_for_times_out_with_assertion(slack: SlackFake) -> None:
    with pytest.raises(AssertionError, match="not met within"):
        slack.wait_for(lambda: slack.calls_to("chat.update"), timeout=0.05)


# --- response_url -------------------------------------------------------------


def test_response_url_post_recorded(slack: SlackFake) -> None:
    url = slack.new_response_url()
    resp = WebhookClient(url).send(text="done", response_type="ephemeral")
    posts = slack.wait_for_responses(url)
    assert resp.status_code == 200 and posts[0].body == {"text": "done", "response_type": "ephemeral"}


def test_response_url_sixth_post_rejected(slack: SlackFake) -> None:
    url = slack.new_response_url()
    statuses = [requests.post(url, json={"text": str(i)}, timeout=5).status_code for i in range(6)]
    assert statuses == [200] * 5 + [404]
    assert len(slack.responses_for(url)) == 5 and slack.rejected[-1].error == "expired_url"


def test_response_url_invalid_blocks_rejected(slack: SlackFake) -> None:
    url = slack.new_response_url()
    resp = requests.post(url, json={"text": "x", "blocks": [section("b")] * 51}, timeout=5)
    assert (resp.status_code, resp.text) == (400, "invalid_blocks")
    assert slack.responses_for(url) == [] and slack.rejected[-1].error == "invalid_blocks"


def test_unknown_response_url_rejected(slack: SlackFake) -> None:
    resp = requests.post(slack.base_url + "/response/nope", json={"text": "x"}, timeout=5)
    assert resp.status_code == 404 and slack.responses == []


# --- signed requests --------------------------------------------------------------


def test_doc_test_vector() -> None:
    assert signed_headers(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP)["X-Slack-Signature"] == DOC_SIGNATURE


def test_signed_headers_default_timestamp_verifies() -> None:
    body = slash_command_body(text="users")
    headers = signed_headers(SECRET, body)
    assert abs(int(headers["X-Slack-Request-Timestamp"]) - time.time()) < 5
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_slash_command_body_has_slack_field_set() -> None:
    fields = parse_qs(slash_command_body(text="users report", response_url="http://x/r"), keep_blank_values=True)
    assert list(fields) == [
        "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
        "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
    ]
    assert fields["command"] == ["/toggl"] and fields["text"] == ["users report"]


def test_trigger_ids_unique() -> None:
    assert SlashCommand().trigger_id != SlashCommand().trigger_id


def test_block_actions_body_round_trips() -> None:
    body = block_actions_body("approval_approve", "req123", user_id="U0ADMIN1", message_ts="1700000000.000100")
    payload = json.loads(parse_qs(body)["payload"][0])
    action = payload["actions"][0]
    assert payload["type"] == "block_actions" and payload["container"]["message_ts"] == "1700000000.000100"
    assert (action["action_id"], action["value"], action["type"]) == ("approval_approve", "req123", "button")


def _verifying_app() -> Flask:
    app = Flask(__name__)

    @app.post("/slack/events")
    def events() -> tuple[str, int]:
        ok = SignatureVerifier(SECRET).is_valid_request(request.get_data(), dict(request.headers))
        return ("ok", 200) if ok and request.form.get("command") == "/toggl" else ("bad", 401)

    return app


def test_post_signed_with_flask_test_client() -> None:
    client = _verifying_app().test_client()
    assert post_signed(client, SECRET, slash_command_body(text="users")).status_code == 200
    assert post_signed(client, "wrong-secret", slash_command_body(text="users")).status_code == 401


def test_post_signed_with_base_url() -> None:
    server = make_server("127.0.0.1", 0, _verifying_app(), threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        resp = post_signed(f"http://127.0.0.1:{server.server_port}", SECRET, slash_command_body(text="users"))
    finally:
        server.shutdown()
        server.server_close()
    assert resp.status_code == 200


def test_bolt_app_end_to_end(slack: SlackFake) -> None:
    """A slack-bolt app talks to the fake: auth.test at start-up, respond() to the response_url."""
    from slack_bolt import App
    from slack_bolt.adapter.flask import SlackRequestHandler

    bolt = App(signing_secret=SECRET, client=WebClient(token=TOKEN, base_url=slack.api_url))

    @bolt.command("/toggl")
    def toggl(ack, respond, command):  # type: ignore[no-untyped-def]
        ack()
        respond(text=f"got {command['text']}")

    flask_app = Flask(__name__)
    handler = SlackRequestHandler(bolt)
    flask_app.add_url_rule("/slack/events", view_func=lambda: handler.handle(request), methods=["POST"])
    url = slack.new_response_url()
    resp = post_signed(flask_app.test_client(), SECRET, slash_command_body(text="users", response_url=url))
    assert resp.status_code == 200
    assert slack.wait_for_responses(url)[0].body["text"] == "got users"
