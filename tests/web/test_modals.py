"""Modals from shortcuts and ``/toggl help``: pickers, field errors, and the typed command's path."""
from __future__ import annotations

import json

from tests.conftest import ADMIN, ADMIN2, MEMBER
from tests.support import env_without_approvals, wid, writes

env = env_without_approvals()


def dm_texts(bot, user: str) -> list[str]:
    return [m.get("text", "") for m in bot.dms_to(user)]


def test_a_shortcut_opens_its_form_with_pickers(bot) -> None:
    view = bot.shortcut("toggl_rate_set")
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert view["callback_id"] == "toggl_rate_set"
    assert kinds["person"] == "users_select" and kinds["project"] == "external_select"
    assert kinds["start"] == "datepicker" and kinds["amount"] == "plain_text_input"


def test_a_rate_set_through_the_form_is_the_typed_commands_change(bot, worker, toggl) -> None:
    view = bot.shortcut("toggl_rate_set")
    answer = bot.submit(view, {"target": "person", "person": MEMBER, "amount": "85"})
    assert answer["action"] == "update"
    shown = str(answer["view"]["blocks"])
    assert "⏳" in shown and "direct message" in shown
    result = bot.slack.wait_for(lambda: [t for t in dm_texts(bot, ADMIN) if t.startswith(("✅", "❌"))])[0]
    assert result.startswith("✅") and "Cat Coder" in result and "85.00 EUR" in result
    typed = bot.command("rate set @cat 86")
    bot.result(typed)
    [(_, _, by_form), (_, _, by_typing)] = [w for w in writes(toggl) if "rates" in w[1]]
    assert {**by_form, "amount": 0} == {**by_typing, "amount": 0}
    assert by_form["amount"] == 85 and by_typing["amount"] == 86


def test_a_mistake_is_shown_on_its_field_and_the_form_stays_open(bot) -> None:
    view = bot.shortcut("toggl_rate_set")
    answer = bot.submit(view, {"target": "person", "person": MEMBER, "amount": "85,5"})
    assert answer["action"] == "errors" and "did you mean 85.5" in answer["errors"]["amount"]
    assert bot.slack.top_view(ADMIN)["id"] == view["id"]


def test_a_member_cannot_use_an_admin_form(bot, worker, toggl) -> None:
    view = bot.shortcut("toggl_user_remove", user=MEMBER)
    answer = bot.submit(view, {"people": [ADMIN2]}, user=MEMBER)
    assert "only for" in str(answer["view"]["blocks"])
    assert writes(toggl) == []


def test_project_options_come_from_the_cached_look_ups(bot, worker) -> None:
    view = bot.shortcut("toggl_rate_set")  # opening it has a worker read the projects and clients

    def offered():  # once the worker has read both (the client names the project)
        options = bot.suggest(view, "project", "web")
        return options if options and "(" in options[0]["text"]["text"] else None

    options = bot.slack.wait_for(offered, timeout=20)
    assert [(o["value"], o["text"]["text"]) for o in options] == [("4001", "Website (Globex)")]


def test_options_while_nothing_is_cached_are_empty_not_an_error(bot) -> None:
    view = bot.shortcut("toggl_reminder_add")
    assert bot.suggest(view, "group", "dev") == []


def test_the_help_buttons_open_the_forms(bot) -> None:
    from fakes.slack_requests import block_actions_body, post_signed

    sent = bot.command("help")
    buttons = [e for b in sent.ack["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {b["value"] for b in buttons} == {"toggl_rate_set", "toggl_user_remove", "toggl_reminder_add",
                                             "toggl_connect"}
    body = block_actions_body(buttons[0]["action_id"], buttons[0]["value"], user_id=ADMIN,
                              trigger_id=bot.slack.new_trigger_id(ADMIN), channel_id="C0OPS")
    assert post_signed(bot.http, bot.secret, body).status_code == 200
    view = bot.slack.wait_for(lambda: bot.slack.top_view(ADMIN))
    assert view["callback_id"] == buttons[0]["value"]
    assert json.loads(view["private_metadata"]) == {"channel": "C0OPS"}


def test_a_member_sees_only_the_connect_button_in_help(bot) -> None:
    sent = bot.command("help", user=MEMBER)
    buttons = [e["value"] for b in sent.ack["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["toggl_connect"]


def test_the_connect_form_keeps_the_token_out_of_every_channel(bot, worker, toggl) -> None:
    token = toggl.demo["tokens"]["cat@acme.test"]
    view = bot.shortcut("toggl_connect", user=MEMBER)
    answer = bot.submit(view, {"token": token}, user=MEMBER)
    assert answer["action"] == "update" and token not in json.dumps(answer["view"])
    result = bot.slack.wait_for(lambda: [t for t in dm_texts(bot, MEMBER) if t.startswith(("✅", "❌"))])[0]
    assert result.startswith("✅")
    posted = [json.dumps(c.args) for c in bot.slack.calls] + [json.dumps(r.body) for r in bot.slack.responses]
    assert not [p for p in posted if token in p]


def test_connect_typed_in_a_channel_still_works_and_recommends_the_form(bot, worker, toggl) -> None:
    sent = bot.command(f"connect {toggl.demo['tokens']['cat@acme.test']}", user=MEMBER)
    assert "Connect Toggl* form" in sent.ack_text
    assert bot.result(sent)["text"].startswith("✅")


def test_a_form_change_names_the_workspace_like_the_typed_one(bot, worker, toggl) -> None:
    view = bot.shortcut("toggl_reminder_add")
    answer = bot.submit(view, {"hours": "6", "frequency": "weekly", "people": [MEMBER]})
    assert answer["action"] == "update"
    result = bot.slack.wait_for(lambda: [t for t in dm_texts(bot, ADMIN) if t.startswith(("✅", "❌"))])[0]
    assert result.startswith("✅")
    [(method, path, body)] = [w for w in writes(toggl) if "reminders" in w[1]]
    assert method == "POST" and path == f"/workspaces/{wid(toggl)}/track_reminders"
    assert body["threshold"] == 6 and body["frequency"] == 7
