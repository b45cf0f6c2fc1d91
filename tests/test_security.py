"""SPEC §9: signatures on every request, no secret at rest, in logs, jobs or messages.

tests/test_app.py already covers a missing signature, another secret, Slack's
documented (stale) vector and a six-minute-old request; the cases here add the
other ways a signature can be wrong and check that such a request touches
nothing at all: no Redis command, no queue, no Toggl request, no Slack call.
"""
from __future__ import annotations

import base64
import json
import logging
import time
import zlib

import pytest

import app as app_module
from bot.refs import RefStore, State
from fakes.slack_requests import SlashCommand, block_actions_body, signed_headers
from tests.conftest import ADMIN, ADMIN2, MEMBER, SIGNING_SECRET

FORM = "application/x-www-form-urlencoded"
CAT_TOKEN = "tok-cat-demo"  # Cat's personal Toggl token in the demo data
AUDIT = "C0AUDIT"


class GuardedApp:
    """The Flask app with every use of its Redis connection pool counted."""

    def __init__(self, settings, monkeypatch: pytest.MonkeyPatch):
        self.redis_uses = 0
        real_connect = app_module.connect_for_web

        def connect(url: str):
            client = real_connect(url)
            pool = client.connection_pool
            original = pool.get_connection

            def get_connection(*args, **kwargs):
                self.redis_uses += 1
                return original(*args, **kwargs)

            pool.get_connection = get_connection
            return client

        monkeypatch.setattr(app_module, "connect_for_web", connect)
        self.app = app_module.create_app(settings)
        self.http = self.app.test_client()

    def post(self, body: str | bytes, headers: dict[str, str]):
        return self.http.post("/slack/events", data=body, headers=headers)


@pytest.fixture
def guarded(settings, monkeypatch) -> GuardedApp:
    return GuardedApp(settings, monkeypatch)


def snapshot(redis, toggl, slack) -> dict:
    return {"dbsize": redis.dbsize(), "keys": sorted(redis.keys("*")), "queued": redis.llen("rq:queue:togglbot"),
            "toggl": len(toggl.requests), "slack_calls": len(slack.calls),
            "slack_responses": len(slack.responses)}


def assert_untouched(guarded: GuardedApp, before: dict, redis, toggl, slack) -> None:
    assert guarded.redis_uses == 0, "a badly signed request used Redis"
    assert snapshot(redis, toggl, slack) == before
    if not before["keys"]:
        assert not redis.exists("rq:queues", "rq:queue:togglbot")


def slash_body(slack, text: str = "user set cat@acme.test role=admin") -> str:
    return SlashCommand(text=text, response_url=slack.new_response_url()).body()


def now() -> str:
    return str(int(time.time()))


def forged_headers(kind: str, body: str) -> dict[str, str]:
    good = signed_headers(SIGNING_SECRET, body)
    ts, sig = good["X-Slack-Request-Timestamp"], good["X-Slack-Signature"]
    cases = {
        "no timestamp": {"X-Slack-Signature": sig},
        "no signature": {"X-Slack-Request-Timestamp": ts},
        "empty signature": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": ""},
        "bare v0=": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0="},
        "other version": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v1=" + sig[3:]},
        "upper-case hex": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + sig[3:].upper()},
        "truncated": {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig[:-2]},
        "one digit changed": {"X-Slack-Request-Timestamp": ts,
                              "X-Slack-Signature": sig[:-1] + ("0" if sig[-1] != "0" else "1")},
        "signed for another timestamp": {"X-Slack-Request-Timestamp": str(int(ts) + 1),
                                         "X-Slack-Signature": sig},
        "signed with the body's hash as key": {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signed_headers(body, body, ts)["X-Slack-Signature"]},
        "six minutes in the future": signed_headers(SIGNING_SECRET, body, int(time.time()) + 360),
        "non-numeric timestamp": {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": sig},
        "float timestamp": {"X-Slack-Request-Timestamp": f"{time.time():.3f}", "X-Slack-Signature": sig},
        "exponent timestamp": {"X-Slack-Request-Timestamp": "1.7e9", "X-Slack-Signature": sig},
        "empty timestamp": {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": sig},
        "day-old replay": signed_headers(SIGNING_SECRET, body, int(time.time()) - 86400),
    }
    return {"Content-Type": FORM, **cases[kind]}


FORGERIES = ["no timestamp", "no signature", "empty signature", "bare v0=", "other version", "upper-case hex",
             "truncated", "one digit changed", "signed for another timestamp",
             "signed with the body's hash as key", "six minutes in the future", "non-numeric timestamp",
             "float timestamp", "exponent timestamp", "empty timestamp", "day-old replay"]


@pytest.mark.parametrize("kind", FORGERIES)
def test_badly_signed_command_is_401_and_touches_nothing(guarded, redis, toggl, slack, kind) -> None:
    body = slash_body(slack)
    before = snapshot(redis, toggl, slack)
    response = guarded.post(body, forged_headers(kind, body))
    assert response.status_code == 401, kind
    assert_untouched(guarded, before, redis, toggl, slack)


def test_body_changed_after_signing_is_401(guarded, redis, toggl, slack) -> None:
    signed_for = slash_body(slack, "help")
    sent = signed_for.replace("text=help", "text=user+remove+cat%40acme.test")
    before = snapshot(redis, toggl, slack)
    assert guarded.post(sent, {"Content-Type": FORM, **signed_headers(SIGNING_SECRET, signed_for)}) \
        .status_code == 401
    assert_untouched(guarded, before, redis, toggl, slack)


def test_extra_bytes_appended_to_a_signed_body_are_401(guarded, redis, toggl, slack) -> None:
    body = slash_body(slack, "users")
    headers = {"Content-Type": FORM, **signed_headers(SIGNING_SECRET, body)}
    before = snapshot(redis, toggl, slack)
    assert guarded.post(body + "&text=user+remove+cat%40acme.test", headers).status_code == 401
    assert_untouched(guarded, before, redis, toggl, slack)


@pytest.mark.parametrize("body", [b"payload=%7B", b"payload=%5B%5D", b'{"type": "block_actions"',
                                  b"payload=" + b"\xff"])
def test_unsigned_malformed_body_is_401_not_500(guarded, redis, toggl, slack, body) -> None:
    before = snapshot(redis, toggl, slack)
    response = guarded.post(body, {"Content-Type": FORM, "X-Slack-Request-Timestamp": now(),
                                   "X-Slack-Signature": "v0=" + "0" * 64})
    assert response.status_code == 401
    assert_untouched(guarded, before, redis, toggl, slack)


def test_the_guard_sees_redis_use_of_a_good_request(guarded, redis, slack) -> None:
    body = slash_body(slack, "users")
    response = guarded.post(body, {"Content-Type": FORM, **signed_headers(SIGNING_SECRET, body)})
    assert response.status_code == 200 and response.get_json()["text"].startswith("⏳")
    assert guarded.redis_uses > 0 and redis.llen("rq:queue:togglbot") == 1


@pytest.mark.parametrize("kind", ["no signature", "one digit changed", "day-old replay", "non-numeric timestamp"])
def test_forged_approval_click_is_401_and_decides_nothing(bot, guarded, redis, toggl, slack, kind) -> None:
    sent = bot.command("user remove dan@acme.test", user=ADMIN)
    assert sent.ack_text.startswith("🛂"), sent.ack_text
    RefStore(redis).update(sent.ref, state=State.AWAITING_APPROVAL)  # planned, card up (no worker runs here)
    body = block_actions_body("approval_approve", sent.ref, user_id=ADMIN2,
                              response_url=slack.new_response_url())
    before = snapshot(redis, toggl, slack)
    response = guarded.post(body, forged_headers(kind, body))
    assert response.status_code == 401
    assert_untouched(guarded, before, redis, toggl, slack)
    assert redis.hget(f"togglbot:ref:{sent.ref}", "state") == b"awaiting_approval"


def test_badly_signed_connect_does_not_log_the_token(guarded, redis, toggl, slack, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    body = slash_body(slack, f"connect {CAT_TOKEN}")
    for kind in ("one digit changed", "day-old replay", "no signature", "non-numeric timestamp"):
        assert guarded.post(body, forged_headers(kind, body)).status_code == 401
    assert CAT_TOKEN not in caplog.text
    assert guarded.redis_uses == 0


# ---------------------------------------------------------------- secrets at rest and in transit
@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The default approvals, plus an audit channel (so audit lines are posted too)."""
    monkeypatch.setenv("TOGGLBOT_NOTIFY_CHANNEL", AUDIT)
    return {**env, "TOGGLBOT_NOTIFY_CHANNEL": AUDIT}


def secrets_of(env: dict[str, str]) -> dict[str, str]:
    values = {"personal token": CAT_TOKEN, "service token": env["TOGGL_API_TOKEN"],
              "slack bot token": env["SLACK_BOT_TOKEN"], "signing secret": env["SLACK_SIGNING_SECRET"],
              "fernet key": env["TOGGLBOT_SECRET_KEY"], "refused token": "tok-wrong-0123456789"}
    for name, token in list(values.items()):
        if "token" in name and not token.startswith("xoxb-"):  # as sent to Toggl: basic auth
            values[f"{name} (basic auth)"] = base64.b64encode(f"{token}:api_token".encode()).decode()
    return values


def redis_contents(redis) -> tuple[list[tuple[str, bytes]], list[bytes]]:
    """Every key with every value it holds, and the decompressed data of every RQ job."""
    found: list[tuple[str, bytes]] = []
    job_data: list[bytes] = []
    for key in redis.scan_iter(count=500):
        name = key.decode(errors="replace")
        kind = redis.type(key)
        if kind == b"string":
            values = [redis.get(key)]
        elif kind == b"hash":
            fields = redis.hgetall(key)
            values = [*fields.keys(), *fields.values()]
            if name.startswith("rq:job:") and fields.get(b"data"):
                data = zlib.decompress(fields[b"data"])
                job_data.append(data)
                values.append(data)
        elif kind == b"list":
            values = redis.lrange(key, 0, -1)
        elif kind == b"set":
            values = list(redis.smembers(key))
        elif kind == b"zset":
            values = redis.zrange(key, 0, -1)
        elif kind == b"stream":
            values = [part for _, fields in redis.xrange(key) for item in fields.items() for part in item]
        else:
            values = []
        found.extend((name, value or b"") for value in [key, *values])
    return found, job_data


def assert_nowhere(secrets: dict[str, str], where: str, text: str) -> None:
    for name, secret in secrets.items():
        assert secret not in text, f"the {name} appears in {where}"


@pytest.mark.timeout(240)
def test_no_secret_at_rest_in_logs_jobs_or_messages(bot, worker, env, redis, toggl, slack, caplog) -> None:
    caplog.set_level(logging.DEBUG)  # stricter than production (INFO): library debug logs too
    secrets = secrets_of(env)

    def run(text: str, user: str = ADMIN) -> dict:
        sent = bot.command(text, user=user)
        assert sent.status == 200
        return bot.result(sent, timeout=30)

    assert run(f"connect {CAT_TOKEN}", MEMBER)["text"].startswith("✅")
    assert run("connect tok-wrong-0123456789", ADMIN2)["text"].startswith("❌")
    assert "Cat Coder" in str(run("me", MEMBER))
    assert run("profile set timezone=Europe/Riga", MEMBER)["text"].startswith("✅")
    assert "Ann Admin" in str(run("users"))
    run("user show cat@acme.test")
    assert run("user set cat@acme.test rate=50")["text"].startswith("✅")
    assert run("reminder add 6h daily cat@acme.test")["text"].startswith("✅")
    assert run("rate set workspace 55")["text"].startswith("✅")
    assert run("user show nobody@acme.test")["text"].startswith("❌")
    sent = bot.command("user remove dan@acme.test")
    card = bot.card(sent.ref)
    refused = bot.click("approval_approve", sent.ref, ADMIN, card)  # own request: told why, by a job
    assert "your own request" in bot.told(refused)
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    [dm] = slack.wait_for(lambda: bot.dms_to(ADMIN), timeout=30)
    assert dm["text"].startswith("✅")
    slack.wait_for(lambda: [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == AUDIT
                            and sent.ref in str(c.args)], timeout=20)
    bot.command("disconnect", user=MEMBER)
    bad = SlashCommand(text=f"connect {CAT_TOKEN}", user_id=MEMBER, response_url=slack.new_response_url())
    assert bot.http.post("/slack/events", data=bad.body(),
                         headers={"Content-Type": FORM, "X-Slack-Request-Timestamp": now(),
                                  "X-Slack-Signature": "v0=" + "0" * 64}).status_code == 401

    # Redis: every key and value, RQ job data decompressed
    contents, job_data = redis_contents(redis)
    assert job_data, "no RQ job was found to check"
    for name, value in contents:
        assert_nowhere(secrets, f"Redis key {name}", value.decode("utf-8", errors="replace"))
    # RQ jobs are JSON and carry ids and the parsed command, never pickle
    for data in job_data:
        assert not data.startswith(b"\x80"), "a pickled job"
        func, _, args, kwargs = json.loads(data)[:4]
        assert func.startswith("workers.") and isinstance(args, list) and isinstance(kwargs, dict)
    # the worker's and the web app's logs: no secret, and no response_url (anyone could post with one)
    response_urls = {f"response_url {post.url_id}": post.url_id for post in slack.responses}
    assert refused.response_url.rsplit("/", 1)[1] in response_urls.values()
    assert_nowhere({**secrets, **response_urls}, "the worker's log", worker.output())
    assert_nowhere({**secrets, **response_urls}, "the web app's log", caplog.text)
    for data in job_data:
        assert_nowhere(response_urls, "an RQ job", data.decode("utf-8", errors="replace"))
    # everything posted to Slack (the bot token only ever travels as the API credential)
    for call in slack.calls:
        assert_nowhere(secrets, f"Slack call {call.method}", json.dumps(call.args, ensure_ascii=False))
    for post in slack.responses:
        assert_nowhere(secrets, "a response_url post", json.dumps(post.body, ensure_ascii=False))
    assert_nowhere(secrets, "Slack messages", json.dumps(slack.messages, ensure_ascii=False))
    # Toggl only ever sees its own tokens, as credentials, not in bodies
    for request in toggl.requests:
        assert_nowhere({k: v for k, v in secrets.items() if "token" not in k or "basic" in k},
                       f"Toggl request {request.method} {request.path}",
                       request.body.decode("utf-8", errors="replace"))


# ---------------------------------------------------------------- forged jobs
def test_the_worker_runs_only_the_bots_own_job_functions(redis, worker, tmp_path) -> None:
    from rq import Callback, Queue
    from rq.serializers import JSONSerializer

    marker = tmp_path / "pwned"
    queue = Queue("togglbot", connection=redis, serializer=JSONSerializer)
    forged = queue.enqueue("os.system", f"touch {marker}", on_failure=Callback("os.system"))
    deadline = time.monotonic() + 20
    while forged.get_status(refresh=True) not in ("failed", "finished"):
        assert time.monotonic() < deadline, "the forged job was never picked up"
        time.sleep(0.1)
    assert forged.get_status() == "failed" and not marker.exists()
    assert "is not one of the bot's job functions" in worker.output()
