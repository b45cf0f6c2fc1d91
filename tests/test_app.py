"""The HTTP surface (SPEC §3): signatures, health, acks."""
from __future__ import annotations

import time

from app import create_app
from bot.settings import Settings
from fakes.slack_requests import DOC_BODY, DOC_SECRET, DOC_SIGNATURE, DOC_TIMESTAMP, SlashCommand, signed_headers
from tests.conftest import ADMIN, MEMBER, SIGNING_SECRET, free_port


def test_signed_command_is_acked(bot) -> None:
    sent = bot.command("help")
    assert sent.status == 200
    assert "what you can do" in sent.ack_text


def test_missing_signature_is_refused_and_changes_nothing(bot, redis, toggl) -> None:
    before = redis.dbsize()
    response = bot.http.post("/slack/events", data=SlashCommand(text="users").body(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401
    assert redis.dbsize() == before and not toggl.requests


def test_wrong_signature_is_refused(bot, redis) -> None:
    body = SlashCommand(text="users").body()
    headers = signed_headers("some-other-secret", body)
    assert bot.http.post("/slack/events", data=body, headers=headers).status_code == 401
    assert redis.dbsize() == 0


def test_stale_request_with_slacks_documented_vector_is_refused(redis, env) -> None:
    # Slack's documented example is correctly signed but from 2018: far outside 5 minutes.
    settings = Settings.from_env({**env, "SLACK_SIGNING_SECRET": DOC_SECRET})
    client = create_app(settings).test_client()
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Slack-Request-Timestamp": DOC_TIMESTAMP, "X-Slack-Signature": DOC_SIGNATURE}
    assert signed_headers(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP)["X-Slack-Signature"] == DOC_SIGNATURE
    assert client.post("/slack/events", data=DOC_BODY, headers=headers).status_code == 401
    assert redis.dbsize() == 0


def test_request_signed_six_minutes_ago_is_refused(bot, redis) -> None:
    body = SlashCommand(text="users").body()
    headers = signed_headers(SIGNING_SECRET, body, int(time.time()) - 360)
    assert bot.http.post("/slack/events", data=body, headers=headers).status_code == 401
    assert redis.dbsize() == 0


def test_healthz_is_ok_when_redis_answers(bot) -> None:
    response = bot.http.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_redis_is_down(env) -> None:
    settings = Settings.from_env({**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    response = create_app(settings).test_client().get("/healthz")
    assert response.status_code == 503
    assert "redis" in response.get_json()["reason"]


def test_redis_down_at_ack_says_nothing_was_changed(env, slack, toggl) -> None:
    from tests.support import BotDriver

    settings = Settings.from_env({**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    driver = BotDriver(create_app(settings), slack, toggl, SIGNING_SECRET)
    started = time.monotonic()
    sent = driver.command("users")
    assert sent.status == 200 and time.monotonic() - started < 3
    assert "queue is unavailable, nothing was changed" in sent.ack_text
    assert not toggl.requests


def test_unknown_command_gets_usage_and_queues_nothing(bot, redis) -> None:
    sent = bot.command("frobnicate now")
    assert sent.status == 200 and "unknown command `frobnicate`" in sent.ack_text
    assert sent.ack["response_type"] == "ephemeral"
    assert redis.dbsize() == 0


def test_bad_arguments_show_the_usage_line(bot, redis) -> None:
    sent = bot.command("user show")
    assert "name exactly one person" in sent.ack_text
    assert "Usage: `/toggl user show &lt;who&gt;`" in sent.ack_text
    assert redis.dbsize() == 0


def test_non_admin_is_refused_users_in_the_ack(bot, redis) -> None:
    sent = bot.command("users", user=MEMBER)
    assert "only for the bot's Toggl admins" in sent.ack_text
    assert redis.dbsize() == 0


def test_non_admin_is_refused_user_show_in_the_ack(bot, redis) -> None:
    sent = bot.command("user show id:1", user=MEMBER)
    assert "only for the bot's Toggl admins" in sent.ack_text
    assert redis.dbsize() == 0


def test_help_for_a_member_lists_only_their_commands(bot) -> None:
    text = bot.command("help", user=MEMBER).ack_text
    assert "/toggl me" in text and "/toggl users" not in text


def test_help_for_an_admin_lists_admin_commands(bot) -> None:
    assert "/toggl users" in bot.command("help", user=ADMIN).ack_text


def test_toggl_alone_shows_the_help(bot, redis) -> None:
    sent = bot.command("")
    assert "what you can do" in sent.ack_text and "/toggl users" in sent.ack_text
    assert redis.llen("rq:queue:togglbot") == 0


def test_help_with_a_word_shows_every_command_starting_with_it(bot) -> None:
    text = bot.command("help rate").ack_text
    assert "Commands starting with `rate`" in text
    assert "/toggl rate set " in text and "/toggl rate show " in text and "/toggl reminders" not in text


def test_help_with_a_whole_command_shows_that_one(bot) -> None:
    text = bot.command("help user set").ack_text
    assert text.startswith("`/toggl user set ") and "/toggl user show" not in text


def test_help_with_an_unknown_word_names_the_first_words(bot) -> None:
    text = bot.command("help bogus").ack_text
    assert "no command starts with `bogus`" in text and "`rate`" in text and "`reminder`" in text


def test_help_shows_only_what_the_caller_may_run(bot) -> None:
    text = bot.command("help rate", user=MEMBER).ack_text
    assert "no command you can run starts with `rate`" in text and "/toggl rate set" not in text


def test_admin_command_is_queued_with_a_ref(bot, redis) -> None:
    sent = bot.command("users")
    assert sent.ack_text.startswith("⏳ list workspace users — ref ")
    assert redis.llen("rq:queue:togglbot") == 1


def test_same_trigger_delivered_twice_is_queued_once(bot, redis) -> None:
    first = bot.command("users", trigger_id="1.2.same")
    second = bot.command("users", trigger_id="1.2.same")
    assert first.ref == second.ref
    assert "already received" in second.ack_text
    assert redis.llen("rq:queue:togglbot") == 1


def test_job_data_is_json_and_carries_ids_and_the_command(bot, redis) -> None:
    import json
    import zlib

    sent = bot.command("users ann")
    data = redis.hget(f"rq:job:cmd-{sent.ref}", "data")
    args = json.loads(zlib.decompress(data))
    assert args[0] == "workers.jobs.run_command"
    assert args[2][:2] == [sent.ref, {"name": "users", "args": {"search": "ann", "inactive": False},
                                      "workspace_id": None}]
