"""Signed interactivity and event payloads (shortcuts, views, options, App Home), alone and through Bolt."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import pytest
from flask import Flask, request
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from fakes import slack_triggers
from fakes.slack import SlackFake, options_response_error
from fakes.slack_requests import (
    JSON_CONTENT_TYPE,
    SlashCommand,
    app_home_opened,
    block_actions_payload,
    block_suggestion,
    event_body,
    event_callback,
    global_shortcut,
    interaction_body,
    new_trigger_id,
    post_signed,
    signed_headers,
    view_block_actions,
    view_closed,
    view_submission,
)
from tests.fakes.slack_fake.helpers import (
    ADMIN,
    MEMBER,
    SECRET,
    TOKEN,
    home,
    input_block,
    open_modal,
    option,
    rate_modal,
)


def payload_of(body: str) -> dict[str, Any]:
    """The JSON inside a ``payload=`` form body."""
    return json.loads(parse_qs(body)["payload"][0])


# --- trigger ids --------------------------------------------------------------------


def test_builder_trigger_ids_are_known_to_the_fake_with_their_user() -> None:
    trigger = slack_triggers.lookup(global_shortcut("toggl_connect", MEMBER)["trigger_id"])
    assert trigger is not None and (trigger.user_id, trigger.exchanged) == (MEMBER, False)


def test_a_slash_commands_trigger_opens_a_modal(client: WebClient, slack: SlackFake) -> None:
    trigger = SlashCommand(text="help", user_id=MEMBER).trigger_id
    client.views_open(trigger_id=trigger, view=rate_modal())
    assert len(slack.modal_stack(MEMBER)) == 1


def test_a_button_on_a_message_carries_a_usable_trigger(client: WebClient, slack: SlackFake) -> None:
    trigger = block_actions_payload("approval_approve", "r1", user_id=ADMIN)["trigger_id"]
    assert client.views_open(trigger_id=trigger, view=rate_modal())["ok"]


# --- global shortcuts -------------------------------------------------------------------


def test_global_shortcut_has_exactly_slacks_fields() -> None:
    payload = global_shortcut("toggl_rate_set", ADMIN, user_name="ann")
    assert set(payload) == {"type", "token", "action_ts", "team", "user", "is_enterprise_install", "enterprise",
                            "callback_id", "trigger_id"}
    assert (payload["type"], payload["callback_id"]) == ("shortcut", "toggl_rate_set")
    assert payload["user"] == {"id": ADMIN, "username": "ann", "team_id": "T0TEAM"}


def test_global_shortcut_uses_a_given_trigger_id() -> None:
    trigger = new_trigger_id(ADMIN)
    assert global_shortcut("toggl_connect", ADMIN, trigger)["trigger_id"] == trigger


# --- view_submission --------------------------------------------------------------------

STATE_SHAPES = {
    "users_select": ("who_b", "who_a", MEMBER, {"type": "users_select", "selected_user": MEMBER}),
    "multi_users_select": ("watchers_b", "watchers_a", [ADMIN, MEMBER],
                           {"type": "multi_users_select", "selected_users": [ADMIN, MEMBER]}),
    "external_select": ("project_b", "project_a", ("Core", "p1"),
                        {"type": "external_select",
                         "selected_option": {"text": {"type": "plain_text", "text": "Core", "emoji": True},
                                             "value": "p1"}}),
    "static_select": ("currency_b", "currency_a", "usd",
                      {"type": "static_select", "selected_option": option("usd", "US dollar")}),
    "datepicker": ("start_b", "start_a", "2024-02-29", {"type": "datepicker", "selected_date": "2024-02-29"}),
    "plain_text_input": ("rate_b", "rate_a", "120", {"type": "plain_text_input", "value": "120"}),
}


@pytest.mark.parametrize("block_id, action_id, value, shape", STATE_SHAPES.values(), ids=STATE_SHAPES.keys())
def test_view_submission_renders_each_element_in_slacks_state_shape(
        client: WebClient, slack: SlackFake, block_id: str, action_id: str, value: Any, shape: dict) -> None:
    view = open_modal(slack, client)
    values = {"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}, block_id: {action_id: value}}
    assert view_submission(view, values)["view"]["state"]["values"][block_id][action_id] == shape


def test_view_submission_sends_typed_text_as_typed_not_escaped(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    typed = "<@U0BOB> & <b>5</b>"
    state = view_submission(view, {"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": typed}})["view"]["state"]
    assert state["values"]["rate_b"]["rate_a"]["value"] == typed


def test_view_submission_sends_untouched_elements_with_initial_values_or_null(client: WebClient,
                                                                             slack: SlackFake) -> None:
    view = open_modal(slack, client)
    values = view_submission(view, {"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}})["view"]["state"]["values"]
    assert values["currency_b"]["currency_a"]["selected_option"]["value"] == "eur"
    assert values["start_b"]["start_a"]["selected_date"] == "2024-01-31"
    assert values["project_b"]["project_a"]["selected_option"] is None
    assert values["watchers_b"]["watchers_a"]["selected_users"] == []
    assert "help_b" not in values  # buttons hold no state


def test_view_submission_has_exactly_slacks_fields(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    payload = view_submission(view, {"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}}, user=ADMIN,
                              user_name="ann")
    assert set(payload) == {"type", "team", "user", "api_app_id", "token", "trigger_id", "view", "response_urls",
                            "is_enterprise_install", "enterprise"}
    assert payload["user"] == {"id": ADMIN, "username": "ann", "name": "ann", "team_id": "T0TEAM"}
    assert (payload["response_urls"], payload["view"]["id"], payload["view"]["hash"]) == ([], view["id"], view["hash"])
    assert payload["view"]["private_metadata"] == view["private_metadata"]


@pytest.mark.parametrize("values, problem", [
    ({"rate_b": {"rate_a": "1"}}, "required"),
    ({"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": ""}}, "required"),
    ({"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "9" * 21}}, "max_length"),
    ({"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}, "nope_b": {"x": 1}}, "no element"),
    ({"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}, "currency_b": {"currency_a": "gbp"}}, "not an option"),
    ({"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}, "start_b": {"start_a": "31.01.2024"}}, "date"),
    ({"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}, "help_b": {"help_a": "x"}}, "no state"),
], ids=["required-user-missing", "required-text-empty", "over-max-length", "unknown-element", "unknown-option",
        "bad-date", "button"])
def test_view_submission_refuses_what_slack_would_never_send(client: WebClient, slack: SlackFake,
                                                            values: dict, problem: str) -> None:
    view = open_modal(slack, client)
    with pytest.raises(ValueError, match=problem):
        view_submission(view, values)


def test_view_submission_trigger_pushes_onto_the_submitted_view(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    trigger = view_submission(view, {"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "1"}})["trigger_id"]
    assert client.views_push(trigger_id=trigger, view=rate_modal())["view"]["root_view_id"] == view["id"]


# --- block_actions from a view, view_closed, block_suggestion -----------------------------


def test_a_button_in_a_modal_sends_a_view_container_and_the_view_state(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    payload = view_block_actions(view, "help_a", values={"rate_b": {"rate_a": "12"}})
    assert payload["container"] == {"type": "view", "view_id": view["id"]}
    assert {"channel", "message", "response_url"}.isdisjoint(payload)
    action = payload["actions"][0]
    assert (action["type"], action["block_id"], action["action_id"], action["value"]) == (
        "button", "help_b", "help_a", "rates")
    assert payload["view"]["state"]["values"]["rate_b"]["rate_a"]["value"] == "12"


def test_a_select_in_a_home_tab_sends_its_selected_option(client: WebClient, slack: SlackFake) -> None:
    select = {"type": "static_select", "action_id": "ws_a", "options": [option("w1"), option("w2")]}
    view = client.views_publish(user_id=ADMIN, view=home({"type": "actions", "block_id": "ws_b",
                                                          "elements": [select]}))["view"]
    payload = view_block_actions(view, "ws_a", "w2")
    assert payload["actions"][0]["selected_option"] == option("w2")
    assert payload["view"]["type"] == "home"
    assert payload["view"]["state"]["values"]["ws_b"]["ws_a"]["selected_option"]["value"] == "w2"


def test_view_closed_is_sent_only_for_notify_on_close_views(client: WebClient, slack: SlackFake) -> None:
    quiet = open_modal(slack, client)
    with pytest.raises(ValueError, match="notify_on_close"):
        view_closed(quiet)
    noisy = open_modal(slack, client, rate_modal(notify_on_close=True))
    payload = view_closed(noisy, is_cleared=True)
    assert (payload["type"], payload["is_cleared"], "trigger_id" in payload) == ("view_closed", True, False)


def test_block_suggestion_carries_the_typed_text_and_the_view(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    payload = block_suggestion("project_a", "project_b", "co", view)
    assert (payload["type"], payload["value"], payload["container"]) == (
        "block_suggestion", "co", {"type": "view", "view_id": view["id"]})
    assert payload["view"]["id"] == view["id"] and "trigger_id" not in payload


def test_block_suggestion_waits_for_min_query_length(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client, rate_modal(blocks=[input_block("p_b", {"type": "external_select",
                                                                            "action_id": "p_a"})]))
    with pytest.raises(ValueError, match="after 3 characters"):
        block_suggestion("p_a", "p_b", "co", view)


def test_block_suggestion_only_for_external_selects(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    with pytest.raises(ValueError, match="not an external_select"):
        block_suggestion("who_a", "who_b", "ann", view)


# --- events -----------------------------------------------------------------------------------


def test_app_home_opened_omits_view_before_anything_was_published(slack: SlackFake) -> None:
    event = app_home_opened(ADMIN, channel=slack.dm_channel(ADMIN), view=slack.home_view(ADMIN))
    assert set(event) == {"type", "user", "channel", "tab", "event_ts"}
    assert (event["type"], event["tab"], event["channel"]) == ("app_home_opened", "home", slack.dm_channel(ADMIN))


def test_app_home_opened_includes_the_published_home_view(client: WebClient, slack: SlackFake) -> None:
    client.views_publish(user_id=ADMIN, view=home())
    event = app_home_opened(ADMIN, view=slack.home_view(ADMIN))
    assert event["view"]["id"] == slack.home_view(ADMIN)["id"]


def test_app_home_opened_on_the_messages_tab_has_no_view(client: WebClient, slack: SlackFake) -> None:
    client.views_publish(user_id=ADMIN, view=home())
    assert "view" not in app_home_opened(ADMIN, tab="messages", view=slack.home_view(ADMIN))


def test_event_callback_envelope_has_slacks_fields() -> None:
    envelope = event_callback(app_home_opened(ADMIN))
    assert set(envelope) == {"token", "team_id", "api_app_id", "event", "type", "event_id", "event_time",
                             "authorizations", "is_ext_shared_channel", "event_context"}
    assert envelope["type"] == "event_callback" and envelope["event_id"].startswith("Ev")
    assert envelope["authorizations"][0]["is_bot"] is True


def test_event_bodies_are_signed_as_json() -> None:
    body = event_body(event_callback(app_home_opened(ADMIN)))
    headers = signed_headers(SECRET, body, content_type=JSON_CONTENT_TYPE)
    assert headers["Content-Type"] == JSON_CONTENT_TYPE and SignatureVerifier(SECRET).is_valid_request(body, headers)


# --- through slack-bolt -----------------------------------------------------------------------


def bolt_app(slack: SlackFake) -> tuple[Any, Any]:
    """A Bolt app talking to the fake, and a Flask test client in front of it."""
    from slack_bolt import App
    from slack_bolt.adapter.flask import SlackRequestHandler

    bolt = App(signing_secret=SECRET, client=WebClient(token=TOKEN, base_url=slack.api_url),
               process_before_response=True)
    flask_app = Flask(__name__)
    handler = SlackRequestHandler(bolt)
    flask_app.add_url_rule("/slack/events", view_func=lambda: handler.handle(request), methods=["POST"])
    return bolt, flask_app.test_client()


def test_bolt_publishes_the_home_tab_on_app_home_opened(slack: SlackFake) -> None:
    bolt, http = bolt_app(slack)

    @bolt.event("app_home_opened")
    def publish(client, event):  # type: ignore[no-untyped-def]
        client.views_publish(user_id=event["user"], view=home())

    body = event_body(event_callback(app_home_opened(ADMIN, view=slack.home_view(ADMIN))))
    assert post_signed(http, SECRET, body).status_code == 200
    assert slack.home_view(ADMIN) is not None


def test_bolt_opens_a_modal_from_a_global_shortcut_and_shows_field_errors(slack: SlackFake) -> None:
    bolt, http = bolt_app(slack)

    @bolt.shortcut("toggl_rate_set")
    def open_form(ack, client, shortcut):  # type: ignore[no-untyped-def]
        ack()
        client.views_open(trigger_id=shortcut["trigger_id"], view=rate_modal())

    @bolt.view("toggl_rate_set")
    def submitted(ack, view):  # type: ignore[no-untyped-def]
        rate = view["state"]["values"]["rate_b"]["rate_a"]["value"]
        ack(response_action="errors", errors={"rate_b": f"{rate!r} is not a number"})

    assert post_signed(http, SECRET, interaction_body(global_shortcut("toggl_rate_set", MEMBER))).status_code == 200
    view = slack.top_view(MEMBER)
    answer = post_signed(http, SECRET, interaction_body(
        view_submission(view, {"who_b": {"who_a": ADMIN}, "rate_b": {"rate_a": "ten"}}, user=MEMBER)))
    outcome = slack.apply_view_response(view["id"], answer.get_data(as_text=True))
    assert outcome.errors == {"rate_b": "'ten' is not a number"} and outcome.problems == []


def test_bolt_answers_an_options_load_within_slacks_limits(client: WebClient, slack: SlackFake) -> None:
    bolt, http = bolt_app(slack)

    @bolt.options("project_a")
    def projects(ack, payload):  # type: ignore[no-untyped-def]
        ack(options=[option("p1", f"{payload['value']} project")])

    view = open_modal(slack, client)
    answer = post_signed(http, SECRET, interaction_body(block_suggestion("project_a", "project_b", "core", view)))
    assert options_response_error(answer.get_json()) is None
    assert answer.get_json()["options"][0]["text"]["text"] == "core project"
