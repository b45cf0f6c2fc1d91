"""``POST /toggl/webhooks`` in the web process: the signature first, the ping, queueing, dedupe."""
from __future__ import annotations

import json

import pytest
from rq import Queue
from rq.serializers import JSONSerializer

from bot.webhook_secrets import Subscription, WebhookSecrets
from fakes.toggl_webhooks import sign


@pytest.fixture
def secrets(settings, redis) -> WebhookSecrets:
    return WebhookSecrets(redis, settings.secret_keys)


@pytest.fixture
def client(settings):
    from app import create_app

    return create_app(settings).test_client()


def post(client, body: dict | bytes, secret: str | None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Webhook-Signature-256"] = sign(secret, raw)
    return client.post("/toggl/webhooks", data=raw, headers=headers)


def queued(redis, settings) -> list:
    return Queue(settings.queue_name, connection=redis, serializer=JSONSerializer).get_jobs()


def test_a_ping_signed_with_a_pending_secret_is_answered_with_its_code(client, secrets) -> None:
    secret = secrets.pending_for("abc234")
    answer = post(client, {"event_id": 0, "payload": "ping", "validation_code": "c0ffee"}, secret)
    assert answer.status_code == 200 and answer.get_json() == {"validation_code": "c0ffee"}


def test_an_event_is_queued_once_however_often_toggl_delivers_it(client, secrets, redis, settings) -> None:
    secret = secrets.pending_for("abc234")
    secrets.tie("abc234", Subscription(50001, 9001, "C0OPS", "abc234"))
    event = {"event_id": 900001, "subscription_id": 50001, "payload": {"id": 4001, "name": "Website"},
             "metadata": {"model": "project", "action": "created", "workspace_id": "9001"}}
    assert post(client, event, secret).get_json() == {"status": "ok"}
    assert post(client, event, secret).get_json() == {"status": "already received"}
    [job] = queued(redis, settings)
    assert job.func_name == "workers.notifications.post_event" and job.args == [event]


@pytest.mark.parametrize("secret", [None, "someone-elses-secret"])
def test_anything_not_signed_by_one_of_the_bots_secrets_gets_401(client, secrets, redis, settings, secret) -> None:
    secrets.pending_for("abc234")
    answer = post(client, {"event_id": 1, "subscription_id": 50001, "payload": {}}, secret)
    assert answer.status_code == 401 and queued(redis, settings) == []


def test_a_forgotten_subscription_no_longer_gets_in(client, secrets) -> None:
    secret = secrets.pending_for("abc234")
    secrets.tie("abc234", Subscription(50001, 9001, "C0OPS", "abc234"))
    secrets.forget(50001)
    assert post(client, {"event_id": 2, "subscription_id": 50001, "payload": {}}, secret).status_code == 401


def test_a_signed_body_that_is_not_json_gets_400(client, secrets) -> None:
    secret = secrets.pending_for("abc234")
    assert post(client, b"not json", secret).status_code == 400


def test_secrets_are_stored_encrypted(secrets, redis) -> None:
    secret = secrets.pending_for("abc234")
    secrets.tie("abc234", Subscription(50001, 9001, "C0OPS", "abc234"))
    for key in redis.keys("*"):
        assert secret.encode() not in (redis.dump(key) or b"")


def test_an_expired_pending_secret_no_longer_gets_in_and_leaves_the_index(client, secrets, redis) -> None:
    secret = secrets.pending_for("abc234")
    redis.delete("togglbot:webhook:pending:abc234")  # what its hour-long expiry does
    assert post(client, {"event_id": 0, "payload": "ping", "validation_code": "c0ffee"}, secret).status_code == 401
    assert not redis.sismember("togglbot:webhook:pending-refs", "abc234")


def test_the_check_reads_no_more_of_redis_as_the_keyspace_grows(client, secrets, redis) -> None:
    secret = secrets.pending_for("abc234")
    redis.mset({f"rq:job:{n}": "x" for n in range(5000)})  # what a busy queue leaves in the same Redis
    before = redis.info("commandstats")
    assert post(client, {"event_id": 0, "payload": "ping", "validation_code": "c0ffee"}, secret).status_code == 200
    after = redis.info("commandstats")
    assert "cmdstat_scan" not in after or after["cmdstat_scan"] == before.get("cmdstat_scan")
