"""``connect``, ``disconnect``, ``me``, ``profile set`` end to end through a real worker."""
from __future__ import annotations

import pytest

from tests.conftest import ADMIN, MEMBER
from toggl.errors import ServerError

CAT_TOKEN = "tok-cat-demo"


def connect(bot, user=MEMBER, token=CAT_TOKEN):
    sent = bot.command(f"connect {token}", user=user)
    return sent, bot.result(sent)


def test_connect_checks_the_token_with_get_me_and_confirms(bot, worker, toggl) -> None:
    sent, result = connect(bot)
    assert sent.ack_text.startswith("⏳ connect your Toggl account — ref ")
    assert result["text"].startswith("✅ Connected to Toggl as Cat Coder")
    assert [(r.method, r.path, r.token) for r in toggl.requests] == [("GET", "/me", CAT_TOKEN)]


def test_token_is_in_no_ack_message_or_redis_in_clear(bot, worker, redis, slack) -> None:
    sent, _ = connect(bot)
    assert CAT_TOKEN not in str(sent.ack)
    assert all(CAT_TOKEN not in str(post.body) for post in slack.responses)
    for key in redis.keys("*"):
        assert CAT_TOKEN.encode() not in key
        assert CAT_TOKEN.encode() not in (redis.dump(key) or b"")


def test_wrong_token_is_not_stored_and_says_why(bot, worker, redis) -> None:
    _, result = connect(bot, token="tok-wrong-token-1")
    assert result["text"].startswith("❌")
    assert "refused your API token" in result["text"]
    assert not redis.keys("togglbot:token:*")


def test_me_without_connect_asks_to_connect_and_queues_nothing(bot, redis) -> None:
    sent = bot.command("me", user=MEMBER)
    assert "/toggl connect" in sent.ack_text
    assert redis.llen("rq:queue:togglbot") == 0


def test_me_shows_the_profile_with_the_personal_token(bot, worker, toggl) -> None:
    connect(bot)
    toggl.clear_requests()
    result = bot.result(bot.command("me", user=MEMBER))
    assert result["response_type"] == "ephemeral"
    assert "Your Toggl profile" in result["text"]
    assert "cat@acme.test" in str(result["blocks"])
    assert [(r.method, r.path, r.token) for r in toggl.requests] == [("GET", "/me", CAT_TOKEN)]


def test_profile_set_sends_exactly_the_fields(bot, worker, toggl) -> None:
    connect(bot)
    toggl.clear_requests()
    result = bot.result(bot.command("profile set timezone=America/New_York beginning_of_week=sun",
                                    user=MEMBER))
    assert result["text"].startswith("✅ Updated the Toggl profile of Cat Coder")
    assert result["response_type"] == "ephemeral"  # personal: only its owner sees it
    assert "time zone, week starts on changed" in result["text"]
    assert [(r.method, r.path) for r in toggl.requests] == [("GET", "/me"), ("PUT", "/me")]  # plan, then write
    assert toggl.requests[1].json == {"timezone": "America/New_York", "beginning_of_week": 0}


def test_profile_set_reports_togglss_refusal(bot, worker) -> None:
    connect(bot)
    result = bot.result(bot.command("profile set email=ann@acme.test", user=MEMBER))
    assert result["text"].startswith("❌")
    assert "user with this email already exists" in result["text"]
    assert result["response_type"] == "ephemeral"


def test_profile_set_refuses_passwords_in_the_ack(bot, redis) -> None:
    sent = bot.command("profile set password=secret123", user=MEMBER)
    assert "passwords can't be changed" in sent.ack_text
    assert redis.llen("rq:queue:togglbot") == 0


def test_disconnect_forgets_the_token(bot, worker, redis) -> None:
    connect(bot)
    assert redis.keys("togglbot:token:*")
    assert bot.command("disconnect", user=MEMBER).ack_text.startswith("✅ Your Toggl token is forgotten")
    assert not redis.keys("togglbot:token:*")
    assert "/toggl connect" in bot.command("me", user=MEMBER).ack_text


def test_tokens_are_per_slack_user(bot, worker) -> None:
    connect(bot, user=MEMBER)
    assert "/toggl connect" in bot.command("me", user=ADMIN).ack_text


def test_connect_refuses_a_token_of_another_toggl_account(bot, worker, toggl, redis) -> None:
    ann_token = toggl.demo["tokens"]["ann@acme.test"]
    result = bot.result(bot.command(f"connect {ann_token}", user=MEMBER))  # Cat pastes Ann's token
    assert result["text"].startswith("❌") and "belongs to another Toggl account" in result["text"]
    assert result["response_type"] == "ephemeral"
    assert not redis.keys("togglbot:token:*") and not redis.keys("togglbot:pending-token:*")


def test_a_pasted_token_survives_until_it_is_checked(services, job_for, toggl, redis) -> None:
    from workers.handlers.personal import connect as connect_handler

    job = job_for("connect 00000000000000000000", user=MEMBER)
    services.tokens.hold_pending(job.ref, CAT_TOKEN)
    toggl.fail_next(503, count=4, path_prefix="/me")  # Toggl is down: the check fails for now
    with pytest.raises(ServerError):
        connect_handler(services, job)
    assert services.tokens.pending(job.ref) == CAT_TOKEN  # still there for the retried job
    connect_handler(services, job)
    assert services.tokens.get(MEMBER) == CAT_TOKEN and services.tokens.pending(job.ref) is None


def test_a_token_no_key_can_read_is_dropped_and_the_person_asked_to_connect_again(bot, worker, redis) -> None:
    connect(bot)
    redis.set(f"togglbot:token:{MEMBER}", b"gAAAAAB-not-readable-with-any-key")  # as after a key change
    sent = bot.command("me", user=MEMBER)
    assert "could no longer be read" in sent.ack_text and "/toggl connect" in sent.ack_text
    assert redis.get(f"togglbot:token:{MEMBER}") is None
