"""Team notifications end to end (SPEC §14): ``watch`` creates a Toggl webhook subscription whose
validation ping the bot answers while the create is in flight; signed events become one line in the
channel, once; anything badly signed gets 401; ``watches`` and ``unwatch``."""
from __future__ import annotations

import json
import threading
from typing import Iterator

import pytest
import requests
from werkzeug.serving import make_server

from fakes.toggl_webhooks import TogglWebhooksFake, sign
from tests.support import BotDriver, wid


class LateApp:
    """A WSGI app whose Flask app is set once the server's address is known."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture
def live() -> Iterator[tuple[LateApp, str]]:
    """The web app served over HTTP (Toggl must be able to call it)."""
    holder = LateApp()
    server = make_server("127.0.0.1", 0, holder, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def hooks(toggl) -> Iterator[TogglWebhooksFake]:
    with TogglWebhooksFake(toggl) as fake:
        yield fake


@pytest.fixture
def env(env, monkeypatch, hooks, live):
    extra = {"TOGGLBOT_PUBLIC_URL": live[1], "TOGGL_WEBHOOKS_API_URL": hooks.url, "TOGGLBOT_APPROVAL_REQUIRED": ""}
    for name, value in extra.items():
        monkeypatch.setenv(name, value)
    return {**env, **extra}


@pytest.fixture
def bot(settings, slack, toggl, live) -> BotDriver:
    from app import create_app

    app = create_app(settings)
    live[0].app = app
    from tests.conftest import SIGNING_SECRET

    return BotDriver(app, slack, toggl, SIGNING_SECRET)


def watch(bot, text: str = "watch workspace_user project.created") -> dict:
    result = bot.result(bot.command(text))
    assert result["text"].startswith("✅ Started Toggl notification #"), result["text"]
    return result


def channel_lines(slack, channel: str = "C0OPS") -> list[str]:
    return [m["text"] for m in slack.messages if m["channel"] == channel and m["text"].startswith("🔔")]


def test_watch_creates_a_subscription_and_answers_its_validation_ping(bot, worker, hooks, live, redis) -> None:
    watch(bot)
    [sub] = hooks.subscriptions(wid(bot.toggl))
    assert sub["url_callback"] == live[1] + "/toggl/webhooks" and sub["enabled"] and sub["validated_at"]
    assert sub["event_filters"] == [{"entity": "workspace_user", "action": "*"},
                                    {"entity": "project", "action": "created"}]
    [ping] = hooks.deliveries_for(kind="ping")
    assert ping.status == 200 and json.loads(ping.response_body)["validation_code"]
    for key in redis.keys("*"):  # the secret is only ever stored encrypted
        assert sub["secret"].encode() not in (redis.dump(key) or b"")


def test_a_signed_event_posts_one_line_to_the_channel_once(bot, worker, hooks, slack) -> None:
    watch(bot)
    cat = next(u for u in bot.toggl.demo["workspace_users"] if u["uid"] == bot.toggl.demo["users"][2]["id"])
    [delivery] = hooks.emit(wid(bot.toggl), "workspace_user", "updated",
                            payload={"id": cat["id"], "name": "Cat Coder", "email": "cat@acme.test"})
    assert delivery.status == 200
    [line] = slack.wait_for(lambda: channel_lines(slack), timeout=20)
    assert "changed workspace member “Cat Coder” (id 5003) in Toggl" in line
    assert hooks.redeliver(delivery).status == 200
    bot.result(bot.command("watches"))  # a later job: the replay would have been posted by now
    assert channel_lines(slack) == [line]


def test_an_event_the_subscription_does_not_follow_is_not_sent(bot, worker, hooks) -> None:
    watch(bot)
    assert hooks.emit(wid(bot.toggl), "client", "created", payload={"id": 1, "name": "New Co"}) == []


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "sha1=abc", "garbage"])
def test_a_badly_signed_delivery_gets_401_and_changes_nothing(bot, live, redis, signature) -> None:
    body = json.dumps({"event_id": 1, "subscription_id": 50001, "payload": {"name": "x"}}).encode()
    headers = {"Content-Type": "application/json"} | ({"X-Webhook-Signature-256": signature} if signature else {})
    before = sorted(redis.keys("*"))
    answer = requests.post(live[1] + "/toggl/webhooks", data=body, headers=headers, timeout=5)
    assert answer.status_code == 401
    assert sorted(redis.keys("*")) == before


def test_a_delivery_signed_with_another_secret_gets_401(bot, worker, hooks, live) -> None:
    watch(bot)
    body = b'{"event_id": 7, "subscription_id": 50001, "payload": {}}'
    answer = requests.post(live[1] + "/toggl/webhooks", data=body, timeout=5,
                           headers={"X-Webhook-Signature-256": sign("not-the-secret", body)})
    assert answer.status_code == 401


def test_watches_lists_state_events_and_channel(bot, worker, hooks) -> None:
    watch(bot, "watch project.created <#C0FEED|feed>")
    text = str(bot.result(bot.command("watches"))["blocks"])
    assert "on, checked — project created → <#C0FEED>" in text
    assert "Toggl allows 2 subscription(s) with up to 6 events each" in text


def test_unwatch_deletes_the_subscription_and_its_secret(bot, worker, hooks, redis) -> None:
    watch(bot)
    [sub] = hooks.subscriptions(wid(bot.toggl))
    result = bot.result(bot.command(f"unwatch {sub['subscription_id']}"))
    assert result["text"].startswith(f"✅ Stopped Toggl notification #{sub['subscription_id']}")
    assert hooks.subscriptions(wid(bot.toggl)) == []
    assert not redis.keys("togglbot:webhook:sub:*") and not redis.hlen("togglbot:webhook:secrets")


def test_undo_of_a_watch_stops_it(bot, worker, hooks) -> None:
    sent = bot.command("watch workspace_user")
    bot.result(sent)
    assert bot.result(bot.command(f"undo {sent.ref}"))["text"].startswith(f"✅ Undid ref {sent.ref}: stopped Toggl")
    assert hooks.subscriptions(wid(bot.toggl)) == []


def test_watching_past_the_plans_limit_is_refused_before_any_request(bot, worker, hooks) -> None:
    hooks.set_limits(wid(bot.toggl), 1, 3)
    watch(bot)
    result = bot.result(bot.command("watch project"))
    assert result["text"].startswith("❌") and "Toggl allows 1 webhook subscription(s)" in result["text"]
    assert len(hooks.requests_for("POST")) == 1


def test_an_event_toggl_does_not_send_is_refused(bot, worker, hooks) -> None:
    result = bot.result(bot.command("watch invoice"))
    assert result["text"].startswith("❌") and "Toggl sends no `invoice` events" in result["text"]
    assert hooks.requests_for("POST") == []
