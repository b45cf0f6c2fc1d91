"""The Slack fake's views.publish / views.open / views.push / views.update and Block Kit checks."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from fakes import slack_triggers
from fakes.slack import SlackFake, blocks_error, options_response_error
from tests.fakes.slack_fake.helpers import (
    ADMIN,
    MEMBER,
    TOKEN,
    home,
    input_block,
    open_modal,
    option,
    plain,
    rate_modal,
    section,
)


def slack_error(call: Any) -> dict[str, Any]:
    """The error body of a Web API call that must fail."""
    with pytest.raises(SlackApiError) as failed:
        call()
    return failed.value.response.data


# --- views.publish -------------------------------------------------------------


def test_home_view_is_none_before_anything_is_published(slack: SlackFake) -> None:
    assert slack.home_view(ADMIN) is None and slack.views_published(ADMIN) == []


def test_views_publish_stores_the_latest_home_view_per_user(client: WebClient, slack: SlackFake) -> None:
    client.views_publish(user_id=ADMIN, view=home(section("first")))
    client.views_publish(user_id=ADMIN, view=home(section("second")))
    client.views_publish(user_id=MEMBER, view=home(section("bob's")))
    latest = slack.home_view(ADMIN)
    assert latest is not None and latest["blocks"][0]["text"]["text"] == "second"
    assert [v["blocks"][0]["text"]["text"] for v in slack.views_published(ADMIN)] == ["first", "second"]


def test_views_publish_answers_the_stored_view_in_slacks_shape(client: WebClient, slack: SlackFake) -> None:
    view = client.views_publish(user_id=ADMIN, view=home(section()))["view"]
    assert view["type"] == "home" and view["id"].startswith("V") and view["root_view_id"] == view["id"]
    assert view["state"] == {"values": []} and view["blocks"][0]["block_id"]  # Slack fills a block_id in
    assert (view["team_id"], view["app_id"], view["bot_id"]) == (slack.team_id, slack.app_id, slack.bot_id)


def test_republishing_keeps_the_view_id_and_changes_the_hash(client: WebClient) -> None:
    first = client.views_publish(user_id=ADMIN, view=home())["view"]
    second = client.views_publish(user_id=ADMIN, view=home())["view"]
    assert first["id"] == second["id"] and first["hash"] != second["hash"]


def test_views_publish_with_the_current_hash_succeeds(client: WebClient) -> None:
    first = client.views_publish(user_id=ADMIN, view=home())["view"]
    assert client.views_publish(user_id=ADMIN, view=home(), hash=first["hash"])["ok"]


def test_views_publish_with_a_stale_hash_is_hash_conflict(client: WebClient) -> None:
    first = client.views_publish(user_id=ADMIN, view=home())["view"]
    client.views_publish(user_id=ADMIN, view=home())
    body = slack_error(lambda: client.views_publish(user_id=ADMIN, view=home(), hash=first["hash"]))
    assert body["error"] == "hash_conflict"


@pytest.mark.parametrize("user_id", ["", "U0NOBODY"])
def test_views_publish_to_an_unknown_user_is_invalid_arguments(client: WebClient, user_id: str) -> None:
    body = slack_error(lambda: client.views_publish(user_id=user_id, view=home()))
    assert body["error"] == "invalid_arguments" and body["response_metadata"]["messages"] == ["invalid `user_id`"]


@pytest.mark.parametrize("view, pointer", [
    (rate_modal(), "/view/type"),
    ({"type": "home"}, "/view"),
    (home(*[section()] * 101), "/view/blocks"),
    ({**home(), "title": plain("Home")}, "/view"),
    ({**home(), "private_metadata": "x" * 3001}, "/view/private_metadata"),
    ({**home(), "callback_id": "c" * 256}, "/view/callback_id"),
], ids=["modal-type", "no-blocks", "101-blocks", "title-on-home", "metadata-3001", "callback-256"])
def test_views_publish_rejects_invalid_home_views(client: WebClient, view: dict, pointer: str) -> None:
    body = slack_error(lambda: client.views_publish(user_id=ADMIN, view=view))
    assert body["error"] == "invalid_arguments"
    assert any(f"[json-pointer:{pointer}]" in m for m in body["response_metadata"]["messages"]), body


def test_views_publish_accepts_the_view_as_a_json_string_in_a_form_body(slack: SlackFake) -> None:
    resp = requests.post(slack.api_url + "views.publish", timeout=5, headers={"Authorization": f"Bearer {TOKEN}"},
                         data={"user_id": ADMIN, "view": json.dumps(home())})
    assert resp.json()["ok"] and slack.home_view(ADMIN) is not None


# --- views.open ---------------------------------------------------------------------


def test_views_open_with_an_issued_trigger_opens_the_modal_for_its_user(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client, user=MEMBER)
    assert [v["id"] for v in slack.modal_stack(MEMBER)] == [view["id"]]
    assert slack.views_opened(MEMBER, callback_id="toggl_rate_set")[0]["id"] == view["id"]


def test_views_open_answers_the_view_as_slack_stores_it(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    assert (view["type"], view["callback_id"], view["private_metadata"]) == (
        "modal", "toggl_rate_set", '{"channel":"C0OPS"}')
    assert view["root_view_id"] == view["id"] and view["previous_view_id"] is None
    assert view["state"] == {"values": []} and view["hash"].count(".") == 1
    assert slack.view(view["id"]) == view


def test_views_open_fills_in_block_ids_and_action_ids_slack_would_generate(client: WebClient, slack: SlackFake) -> None:
    modal = rate_modal(blocks=[{"type": "actions", "elements": [{"type": "button", "text": plain("Go")}]}])
    block = open_modal(slack, client, modal)["blocks"][0]
    assert block["block_id"] and block["elements"][0]["action_id"]


@pytest.mark.parametrize("trigger, error", [
    ("12345.98765.abcd2358fdea", "invalid_trigger_id"),
    ("not-a-trigger", "invalid_trigger_id"),
], ids=["never-issued", "malformed"])
def test_views_open_with_a_trigger_the_fake_never_issued_fails(client: WebClient, trigger: str, error: str) -> None:
    assert slack_error(lambda: client.views_open(trigger_id=trigger, view=rate_modal()))["error"] == error


def test_views_open_with_an_expired_trigger_is_expired_trigger_id(client: WebClient, slack: SlackFake) -> None:
    trigger = slack.new_trigger_id(ADMIN)
    slack_triggers.age(trigger, 3.5)
    assert slack_error(lambda: client.views_open(trigger_id=trigger, view=rate_modal()))["error"] == (
        "expired_trigger_id")


def test_views_open_twice_with_one_trigger_is_exchanged_trigger_id(client: WebClient, slack: SlackFake) -> None:
    trigger = slack.new_trigger_id(ADMIN)
    client.views_open(trigger_id=trigger, view=rate_modal())
    assert slack_error(lambda: client.views_open(trigger_id=trigger, view=rate_modal()))["error"] == (
        "exchanged_trigger_id")


def test_views_open_without_a_trigger_is_invalid_arguments(slack: SlackFake) -> None:
    resp = requests.post(slack.api_url + "views.open", json={"view": rate_modal()}, timeout=5,
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.json()["error"] == "invalid_arguments"


def test_an_invalid_view_does_not_use_up_the_trigger(client: WebClient, slack: SlackFake) -> None:
    trigger = slack.new_trigger_id(ADMIN)
    slack_error(lambda: client.views_open(trigger_id=trigger, view=rate_modal(title=plain("x" * 25))))
    assert client.views_open(trigger_id=trigger, view=rate_modal())["ok"]


def test_trigger_ttl_is_configurable(client: WebClient, slack: SlackFake) -> None:
    slack.trigger_ttl = 10.0
    trigger = slack.new_trigger_id(ADMIN)
    slack_triggers.age(trigger, 5)
    assert client.views_open(trigger_id=trigger, view=rate_modal())["ok"]


def test_a_second_views_open_replaces_the_open_modal(client: WebClient, slack: SlackFake) -> None:
    open_modal(slack, client)
    second = open_modal(slack, client)
    assert [v["id"] for v in slack.modal_stack(ADMIN)] == [second["id"]]


def test_sandbox_endpoint_issues_trigger_ids_the_fake_accepts(client: WebClient, slack: SlackFake) -> None:
    trigger = requests.post(slack.base_url + "/_sandbox/trigger_id", data={"user_id": ADMIN}, timeout=5).json()
    assert client.views_open(trigger_id=trigger["trigger_id"], view=rate_modal())["ok"]


def test_sandbox_endpoints_show_home_and_open_modals(client: WebClient, slack: SlackFake) -> None:
    client.views_publish(user_id=ADMIN, view=home())
    view = open_modal(slack, client)
    got_home = requests.get(slack.base_url + "/_sandbox/home", params={"user_id": ADMIN}, timeout=5).json()
    modals = requests.get(slack.base_url + "/_sandbox/modals", params={"user_id": ADMIN}, timeout=5).json()
    assert got_home["view"]["type"] == "home" and [v["id"] for v in modals["views"]] == [view["id"]]


# --- view validation (views.open) -----------------------------------------------------

TOO_LONG = "x" * 25
INVALID_MODALS = {
    "title-25": (rate_modal(title=plain(TOO_LONG)), "/view/title/text"),
    "title-mrkdwn": (rate_modal(title={"type": "mrkdwn", "text": "T"}), "/view/title"),
    "no-title": ({k: v for k, v in rate_modal().items() if k != "title"}, "/view"),
    "submit-25": (rate_modal(submit=plain(TOO_LONG)), "/view/submit/text"),
    "close-25": (rate_modal(close=plain(TOO_LONG)), "/view/close/text"),
    "101-blocks": (rate_modal(blocks=[section()] * 101), "/view/blocks"),
    "callback-256": (rate_modal(callback_id="c" * 256), "/view/callback_id"),
    "metadata-3001": (rate_modal(private_metadata="m" * 3001), "/view/private_metadata"),
    "external-id-256": (rate_modal(external_id="e" * 256), "/view/external_id"),
    "unknown-view-property": (rate_modal(submit_disabled=True), "/view"),
    "input-without-submit": ({k: v for k, v in rate_modal().items() if k != "submit"}, "/view/blocks/1/input"),
    "input-without-label": (rate_modal(blocks=[{"type": "input", "element": {
        "type": "plain_text_input", "action_id": "a"}}]), "/view/blocks/0"),
    "input-without-element": (rate_modal(blocks=[{"type": "input", "label": plain("L")}]), "/view/blocks/0"),
    "input-element-without-action-id": (rate_modal(blocks=[input_block("b", {"type": "plain_text_input"})]),
                                        "/view/blocks/0/element"),
    "label-2001": (rate_modal(blocks=[input_block("b", {"type": "plain_text_input", "action_id": "a"}, "l" * 2001)]),
                   "/view/blocks/0/label/text"),
    "unknown-element-type": (rate_modal(blocks=[input_block("b", {"type": "color_picker", "action_id": "a"})]),
                             "/view/blocks/0/element"),
    "button-in-input": (rate_modal(blocks=[input_block("b", {"type": "button", "action_id": "a",
                                                              "text": plain("B")})]), "/view/blocks/0/element"),
    "unknown-block-type": (rate_modal(blocks=[{"type": "carousel"}]), "/view/blocks/0"),
    "text-input-in-actions": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "plain_text_input", "action_id": "a"}]}]), "/view/blocks/0/elements/0"),
    "button-text-76": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": "a", "text": plain("b" * 76)}]}]), "/view/blocks/0/elements/0/text/text"),
    "button-value-2001": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": "a", "text": plain("B"), "value": "v" * 2001}]}]),
        "/view/blocks/0/elements/0/value"),
    "button-style": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": "a", "text": plain("B"), "style": "green"}]}]),
        "/view/blocks/0/elements/0/style"),
    "action-id-256": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": "a" * 256, "text": plain("B")}]}]), "/view/blocks/0/elements/0/action_id"),
    "duplicate-action-id": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": "a", "text": plain("B")},
        {"type": "button", "action_id": "a", "text": plain("C")}]}]), "/view/blocks/0/elements/1/action_id"),
    "26-actions": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": f"a{i}", "text": plain("B")} for i in range(26)]}]),
        "/view/blocks/0/elements"),
    "datepicker-month-13": (rate_modal(blocks=[input_block("b", {"type": "datepicker", "action_id": "a",
                                                                 "initial_date": "2024-13-01"})]),
                            "/view/blocks/0/element/initial_date"),
    "datepicker-day-first": (rate_modal(blocks=[input_block("b", {"type": "datepicker", "action_id": "a",
                                                                  "initial_date": "31/01/2024"})]),
                             "/view/blocks/0/element/initial_date"),
    "min-query-length-negative": (rate_modal(blocks=[input_block("b", {"type": "external_select", "action_id": "a",
                                                                       "min_query_length": -1})]),
                                  "/view/blocks/0/element/min_query_length"),
    "static-select-no-options": (rate_modal(blocks=[input_block("b", {"type": "static_select", "action_id": "a"})]),
                                 "/view/blocks/0/element"),
    "static-select-101-options": (rate_modal(blocks=[input_block("b", {
        "type": "static_select", "action_id": "a", "options": [option(f"o{i}") for i in range(101)]})]),
        "/view/blocks/0/element/options"),
    "option-value-151": (rate_modal(blocks=[input_block("b", {
        "type": "static_select", "action_id": "a", "options": [option("v" * 151)]})]),
        "/view/blocks/0/element/options/0/value"),
    "placeholder-151": (rate_modal(blocks=[input_block("b", {"type": "users_select", "action_id": "a",
                                                             "placeholder": plain("p" * 151)})]),
                        "/view/blocks/0/element/placeholder/text"),
    "max-selected-0": (rate_modal(blocks=[input_block("b", {"type": "multi_users_select", "action_id": "a",
                                                            "max_selected_items": 0})]),
                       "/view/blocks/0/element/max_selected_items"),
    "text-min-over-max": (rate_modal(blocks=[input_block("b", {"type": "plain_text_input", "action_id": "a",
                                                               "min_length": 5, "max_length": 2})]),
                          "/view/blocks/0/element/min_length"),
    "header-151": (rate_modal(blocks=[{"type": "header", "text": plain("h" * 151)}]), "/view/blocks/0/text/text"),
    "header-mrkdwn": (rate_modal(blocks=[{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}]),
                      "/view/blocks/0/text"),
    "context-11": (rate_modal(blocks=[{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}]),
                   "/view/blocks/0/elements"),
    "section-empty-text": (rate_modal(blocks=[section("")]), "/view/blocks/0/text/text"),
    "section-no-text": (rate_modal(blocks=[{"type": "section"}]), "/view/blocks/0"),
    "section-accessory-text-input": (rate_modal(blocks=[{**section(), "accessory": {
        "type": "plain_text_input", "action_id": "a"}}]), "/view/blocks/0/accessory"),
    "duplicate-block-id": (rate_modal(blocks=[{**section(), "block_id": "x"}, {"type": "divider", "block_id": "x"}]),
                           "/view/blocks/1/block_id"),
    "misspelled-property": (rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "acton_id": "a", "text": plain("B")}]}]), "/view/blocks/0/elements/0"),
}


@pytest.mark.parametrize("view, pointer", INVALID_MODALS.values(), ids=INVALID_MODALS.keys())
def test_views_open_rejects_invalid_modals_with_slacks_messages(
        client: WebClient, slack: SlackFake, view: dict, pointer: str) -> None:
    body = slack_error(lambda: client.views_open(trigger_id=slack.new_trigger_id(ADMIN), view=view))
    assert body["error"] == "invalid_arguments"
    assert any(m.startswith("[ERROR] ") and m.endswith(f"[json-pointer:{pointer}]")
               for m in body["response_metadata"]["messages"]), body
    assert slack.modal_stack(ADMIN) == []


VALID_AT_THE_LIMIT = {
    "title-24": rate_modal(title=plain("t" * 24), submit=plain("s" * 24), close=plain("c" * 24)),
    "100-blocks": rate_modal(blocks=[section()] * 100),
    "callback-255-metadata-3000": rate_modal(callback_id="c" * 255, private_metadata="m" * 3000),
    "button-75-2000-255": rate_modal(blocks=[{"type": "actions", "elements": [
        {"type": "button", "action_id": "a" * 255, "text": plain("b" * 75), "value": "v" * 2000}]}]),
    "section-accessory-button": rate_modal(blocks=[{**section(), "accessory": {
        "type": "button", "action_id": "a", "text": plain("Go")}}]),
    "no-inputs-no-submit": {k: v for k, v in rate_modal(blocks=[{"type": "divider"}]).items() if k != "submit"},
    "leap-day": rate_modal(blocks=[input_block("b", {"type": "datepicker", "action_id": "a",
                                                     "initial_date": "2024-02-29"})]),
    "option-groups": rate_modal(blocks=[input_block("b", {"type": "static_select", "action_id": "a", "option_groups": [
        {"label": plain("G"), "options": [option("x")]}]})]),
}


@pytest.mark.parametrize("view", VALID_AT_THE_LIMIT.values(), ids=VALID_AT_THE_LIMIT.keys())
def test_views_open_accepts_modals_at_the_documented_limits(client: WebClient, slack: SlackFake, view: dict) -> None:
    assert open_modal(slack, client, view)["type"] == "modal"


def test_a_view_over_250_kilobytes_is_view_too_large(client: WebClient, slack: SlackFake) -> None:
    big = rate_modal(blocks=[section("x" * 2900)] * 90)
    body = slack_error(lambda: client.views_open(trigger_id=slack.new_trigger_id(ADMIN), view=big))
    assert body["error"] == "view_too_large"


def test_an_external_id_used_twice_is_duplicate_external_id(client: WebClient, slack: SlackFake) -> None:
    open_modal(slack, client, rate_modal(external_id="rate-form-1"))
    body = slack_error(lambda: client.views_open(trigger_id=slack.new_trigger_id(MEMBER),
                                                 view=rate_modal(external_id="rate-form-1")))
    assert body["error"] == "duplicate_external_id"


# --- views.push -----------------------------------------------------------------------


def test_views_push_stacks_onto_the_view_the_trigger_came_from(client: WebClient, slack: SlackFake) -> None:
    root = open_modal(slack, client)
    pushed = client.views_push(trigger_id=slack.new_trigger_id(ADMIN, root["id"]), view=rate_modal())["view"]
    assert (pushed["root_view_id"], pushed["previous_view_id"]) == (root["id"], root["id"])
    assert [v["id"] for v in slack.modal_stack(ADMIN)] == [root["id"], pushed["id"]]


def test_views_push_onto_a_full_stack_is_push_limit_reached(client: WebClient, slack: SlackFake) -> None:
    top = open_modal(slack, client)
    for _ in range(2):
        top = client.views_push(trigger_id=slack.new_trigger_id(ADMIN, top["id"]), view=rate_modal())["view"]
    body = slack_error(lambda: client.views_push(trigger_id=slack.new_trigger_id(ADMIN, top["id"]), view=rate_modal()))
    assert body["error"] == "push_limit_reached" and len(slack.modal_stack(ADMIN)) == 3


def test_views_push_with_a_trigger_from_outside_a_modal_is_not_found(client: WebClient, slack: SlackFake) -> None:
    body = slack_error(lambda: client.views_push(trigger_id=slack.new_trigger_id(ADMIN), view=rate_modal()))
    assert body["error"] == "not_found"


# --- views.update ---------------------------------------------------------------------


def test_views_update_by_view_id_replaces_the_view_and_its_hash(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    updated = client.views_update(view_id=view["id"], view=rate_modal(title=plain("Saved")))["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    assert slack.top_view(ADMIN)["title"]["text"] == "Saved"


def test_views_update_by_external_id(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client, rate_modal(external_id="rate-1"))
    client.views_update(external_id="rate-1", view=rate_modal(external_id="rate-1", title=plain("Again")))
    assert slack.view(view["id"])["title"]["text"] == "Again"


def test_views_update_with_the_current_hash_succeeds(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    assert client.views_update(view_id=view["id"], hash=view["hash"], view=rate_modal())["ok"]


def test_views_update_with_a_stale_hash_is_hash_conflict(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    slack.new_view_hash(view["id"])
    body = slack_error(lambda: client.views_update(view_id=view["id"], hash=view["hash"], view=rate_modal()))
    assert body["error"] == "hash_conflict"


def test_views_update_of_an_unknown_view_is_not_found(client: WebClient) -> None:
    assert slack_error(lambda: client.views_update(view_id="V0NOPE", view=rate_modal()))["error"] == "not_found"


def test_views_update_of_a_closed_modal_is_not_found(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    slack.close_view(view["id"])
    assert slack_error(lambda: client.views_update(view_id=view["id"], view=rate_modal()))["error"] == "not_found"


def test_views_update_without_view_id_or_external_id_is_invalid_arguments(slack: SlackFake) -> None:
    resp = requests.post(slack.api_url + "views.update", json={"view": rate_modal()}, timeout=5,
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.json()["error"] == "invalid_arguments"


def test_views_update_validates_the_new_view(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    body = slack_error(lambda: client.views_update(view_id=view["id"], view=rate_modal(title=plain(TOO_LONG))))
    assert body["error"] == "invalid_arguments"


def test_views_update_of_a_home_view_is_kept_in_its_history(client: WebClient, slack: SlackFake) -> None:
    view = client.views_publish(user_id=ADMIN, view=home(section("one")))["view"]
    client.views_update(view_id=view["id"], view=home(section("two")))
    assert slack.home_view(ADMIN)["blocks"][0]["text"]["text"] == "two" and len(slack.views_published(ADMIN)) == 2


# --- what the bot answers to a view_submission ---------------------------------------------


def test_an_empty_answer_closes_the_submitted_view(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    outcome = slack.apply_view_response(view["id"], "")
    assert (outcome.action, outcome.problems, slack.modal_stack(ADMIN)) == ("close", [], [])


def test_response_action_errors_keeps_the_view_open_with_the_errors(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    outcome = slack.apply_view_response(view["id"], {"response_action": "errors", "errors": {"rate_b": "Not a number"}})
    assert outcome.errors == {"rate_b": "Not a number"} and slack.top_view(ADMIN)["id"] == view["id"]


@pytest.mark.parametrize("body", [
    {"response_action": "errors", "errors": {"nope_b": "x"}},
    {"response_action": "errors", "errors": {"help_b": "x"}},
    {"response_action": "errors", "errors": {}},
    {"response_action": "errors", "errors": {"rate_b": ""}},
    {"response_action": "update", "view": rate_modal(title=plain(TOO_LONG))},
    {"response_action": "close"},
    "not json",
], ids=["unknown-block", "not-an-input-block", "no-errors", "empty-message", "invalid-update", "unknown-action",
        "not-json"])
def test_an_answer_slack_would_refuse_changes_nothing(client: WebClient, slack: SlackFake, body: Any) -> None:
    view = open_modal(slack, client)
    outcome = slack.apply_view_response(view["id"], body if isinstance(body, str) else json.dumps(body))
    assert outcome.problems and slack.top_view(ADMIN) == view


def test_response_action_update_replaces_the_view(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    outcome = slack.apply_view_response(view["id"], {"response_action": "update",
                                                     "view": rate_modal(title=plain("Done"))})
    assert outcome.view["id"] == view["id"] and slack.top_view(ADMIN)["title"]["text"] == "Done"


def test_response_action_push_stacks_a_view(client: WebClient, slack: SlackFake) -> None:
    view = open_modal(slack, client)
    outcome = slack.apply_view_response(view["id"], {"response_action": "push", "view": rate_modal()})
    assert [v["id"] for v in slack.modal_stack(ADMIN)] == [view["id"], outcome.view["id"]]


def test_response_action_clear_closes_every_view(client: WebClient, slack: SlackFake) -> None:
    root = open_modal(slack, client)
    top = client.views_push(trigger_id=slack.new_trigger_id(ADMIN, root["id"]), view=rate_modal())["view"]
    slack.apply_view_response(top["id"], {"response_action": "clear"})
    assert slack.modal_stack(ADMIN) == []


def test_closing_a_pushed_view_goes_back_to_the_previous_one(client: WebClient, slack: SlackFake) -> None:
    root = open_modal(slack, client)
    top = client.views_push(trigger_id=slack.new_trigger_id(ADMIN, root["id"]), view=rate_modal())["view"]
    slack.close_view(top["id"])
    assert slack.top_view(ADMIN)["id"] == root["id"]


def test_closing_a_clear_on_close_view_closes_the_stack_and_says_whether_to_notify(
        client: WebClient, slack: SlackFake) -> None:
    root = open_modal(slack, client)
    top = client.views_push(trigger_id=slack.new_trigger_id(ADMIN, root["id"]),
                            view=rate_modal(clear_on_close=True, notify_on_close=True))["view"]
    assert slack.close_view(top["id"]) is True and slack.modal_stack(ADMIN) == []


# --- messages and options answers -------------------------------------------------------


def test_message_blocks_with_an_unknown_element_are_invalid_blocks_with_messages(client: WebClient) -> None:
    blocks = [{"type": "actions", "elements": [{"type": "fancy_button", "action_id": "a"}]}]
    body = slack_error(lambda: client.chat_postMessage(channel="C0OPS", text="x", blocks=blocks))
    assert body["error"] == "invalid_blocks"
    assert "[ERROR] unsupported type: fancy_button [json-pointer:/blocks/0/elements/0/type]" in (
        body["response_metadata"]["messages"])


def test_the_bots_approval_card_shape_is_valid_block_kit() -> None:
    confirm = {"title": plain("Approve this change?"), "text": {"type": "mrkdwn", "text": "x" * 300},
               "confirm": plain("Approve"), "deny": plain("Cancel")}
    blocks = [section("🛂 *Approval needed*"), {"type": "actions", "block_id": "approval-r1", "elements": [
        {"type": "button", "action_id": "approval_approve", "style": "primary", "value": "r1",
         "text": plain("Approve"), "confirm": confirm},
        {"type": "button", "action_id": "approval_reject", "style": "danger", "value": "r1", "text": plain("Reject")}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Anyone can decide."}]}]
    assert blocks_error(blocks) is None


def test_a_confirm_dialog_text_over_300_is_invalid_blocks() -> None:
    confirm = {"title": plain("T"), "text": plain("x" * 301), "confirm": plain("Y"), "deny": plain("N")}
    blocks = [{"type": "actions", "elements": [{"type": "button", "action_id": "a", "text": plain("B"),
                                                "confirm": confirm}]}]
    assert blocks_error(blocks) == "invalid_blocks"


@pytest.mark.parametrize("body, ok", [
    ({"options": [option("core", "Core")]}, True),
    ({"option_groups": [{"label": plain("Eng"), "options": [option("core")]}]}, True),
    ({"options": [option(f"o{i}") for i in range(100)]}, True),
    ({"options": [option(f"o{i}") for i in range(101)]}, False),
    ({"options": [option("v", "t" * 76)]}, False),
    ({"options": [option("v" * 151)]}, False),
    ({"options": [{"text": {"type": "mrkdwn", "text": "m"}, "value": "v"}]}, False),
    ({"options": [option("a")], "option_groups": []}, False),
    ({}, False),
], ids=["options", "groups", "100", "101", "text-76", "value-151", "mrkdwn-text", "both", "empty"])
def test_options_answers_are_checked_against_slacks_limits(body: dict, ok: bool) -> None:
    assert (options_response_error(body) is None) is ok
