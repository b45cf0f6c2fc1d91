"""Tests of the strict Toggl Webhooks API v1 fake itself (with a local callback receiver)."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import pytest
import requests
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from fakes.toggl import TogglFake
from fakes.toggl_webhooks import TogglWebhooksFake

ANN, BOB, CAT, EVE = "tok-ann-demo", "tok-bob-demo", "tok-cat-demo", "tok-eve-demo"
SECRET = "s3cret-for-tests"


# ----------------------------------------------------------------- receiver
class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass


@dataclass
class Received:
    """One request that reached the receiver."""

    method: str
    path: str
    headers: dict
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A local callback endpoint. ``mode``: echo (answers the validation code),
    ok (200 ``{}``), status (``status`` with an empty body), sleep (answers late)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.mode, self.status, self.sleep = "echo", 200, 0.0
        self.during: Optional[Callable[[Received], None]] = None
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True,
                                   request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.socket.getsockname()[1]}/toggl/webhooks"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    def _app(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        item = Received(request.method, request.path, dict(request.headers), request.get_data())
        self.received.append(item)
        if self.during is not None:
            self.during(item)
        if self.mode == "sleep":
            time.sleep(self.sleep)
        if self.mode == "echo" and b"validation_code" in item.body:
            answer = Response(json.dumps({"validation_code": item.json["validation_code"]}), 200,
                              mimetype="application/json")
        elif self.mode == "status":
            answer = Response(b"", self.status)
        else:
            answer = Response("{}", 200, mimetype="application/json")
        return answer(environ, start_response)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def pings(self) -> list[Received]:
        return [r for r in self.received if r.json.get("payload") == "ping"]

    def events(self) -> list[Received]:
        return [r for r in self.received if r.json.get("payload") != "ping"]


# ----------------------------------------------------------------- fixtures
@pytest.fixture
def toggl() -> Iterator[TogglFake]:
    with TogglFake(rate_limit=False) as server:
        yield server


@pytest.fixture
def demo(toggl: TogglFake) -> dict:
    return toggl.seed_demo()


@pytest.fixture
def wid(demo: dict) -> int:
    return demo["workspace"]["id"]


@pytest.fixture
def hooks(toggl: TogglFake, demo: dict) -> Iterator[TogglWebhooksFake]:
    with TogglWebhooksFake(toggl, delivery_timeout=2.0) as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def call(hooks: TogglWebhooksFake, method: str, path: str, token: Optional[str] = ANN,
         body: Any = None, **kwargs: Any) -> requests.Response:
    auth = (token, "api_token") if token else None
    return requests.request(method, hooks.url + path, auth=auth, json=body, timeout=10, **kwargs)


def sub_body(receiver: Receiver, **overrides: Any) -> dict:
    body = {"url_callback": receiver.url, "event_filters": [{"entity": "project", "action": "*"}],
            "enabled": True, "description": "Projects to #ops", "secret": SECRET}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def create(hooks: TogglWebhooksFake, wid: int, receiver: Receiver, token: str = ANN,
           **overrides: Any) -> requests.Response:
    return call(hooks, "POST", f"/subscriptions/{wid}", token, sub_body(receiver, **overrides))


def expected_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def user_id(demo: dict, email: str) -> int:
    return next(u["id"] for u in demo["users"] if u["email"] == email)


# -------------------------------------------------------------- auth, paths
def test_url_includes_the_webhooks_base_path(hooks: TogglWebhooksFake) -> None:
    assert hooks.url.endswith("/webhooks/api/v1") and hooks.url.startswith("http://127.0.0.1:")


def test_missing_auth_gets_401_with_empty_body(hooks: TogglWebhooksFake, wid: int) -> None:
    response = call(hooks, "GET", f"/subscriptions/{wid}", token=None)
    assert (response.status_code, response.content) == (401, b"")
    assert response.headers["X-Authorization-Missing"] == "true"


def test_unknown_token_gets_403(hooks: TogglWebhooksFake, wid: int) -> None:
    response = call(hooks, "GET", f"/subscriptions/{wid}", token="nope")
    assert (response.status_code, response.text) == (403, "Incorrect username and/or password")


@pytest.mark.parametrize("token", [EVE, "tok-outsider"])
def test_inactive_member_or_outsider_gets_403_user_not_accessible(
        toggl: TogglFake, hooks: TogglWebhooksFake, wid: int, token: str) -> None:
    toggl.add_user("out@else.test", token="tok-outsider")
    response = call(hooks, "GET", f"/subscriptions/{wid}", token=token)
    assert (response.status_code, response.json()) == (403, "User not found/accessible for workspace")


def test_path_outside_the_base_gets_404(hooks: TogglWebhooksFake, wid: int) -> None:
    response = requests.get(hooks.url.replace("/webhooks/api/v1", "") + f"/subscriptions/{wid}",
                            auth=(ANN, "api_token"), timeout=5)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/status", "/event_filters", "/limits/{wid}"])
def test_public_endpoints_need_no_auth(hooks: TogglWebhooksFake, wid: int, path: str) -> None:
    assert call(hooks, "GET", path.format(wid=wid), token=None).status_code == 200


def test_status_answers_ok(hooks: TogglWebhooksFake) -> None:
    assert call(hooks, "GET", "/status").json() == {"status": "OK"}


def test_event_filters_map_every_entity_to_its_actions(hooks: TogglWebhooksFake) -> None:
    body = call(hooks, "GET", "/event_filters").json()
    assert set(body) == {"client", "project", "project_group", "project_user", "tag", "task",
                         "time_entry", "workspace", "workspace_user"}
    assert all(actions == ["created", "updated", "deleted"] for actions in body.values())


@pytest.mark.parametrize(("plan", "limits"), [
    ("free", (1, 3)), ("starter", (2, 6)), ("premium", (3, 12)), ("enterprise", (3, 12))])
def test_limits_follow_the_workspace_plan(toggl: TogglFake, hooks: TogglWebhooksFake,
                                          demo: dict, plan: str, limits: tuple) -> None:
    ws = toggl.add_workspace(demo["org"]["id"], name=f"{plan} ws", plan=plan)
    body = call(hooks, "GET", f"/limits/{ws['id']}").json()
    assert (body["max_webhooks"], body["max_events_per_webhook"]) == limits


def test_set_limits_overrides_the_plan(hooks: TogglWebhooksFake, wid: int) -> None:
    hooks.set_limits(wid, 5, 20)
    assert call(hooks, "GET", f"/limits/{wid}").json() == {"max_webhooks": 5,
                                                           "max_events_per_webhook": 20}


# ------------------------------------------------------------ create + ping
def test_create_pings_the_callback_before_answering(hooks: TogglWebhooksFake, wid: int,
                                                    receiver: Receiver) -> None:
    answered = threading.Event()
    seen_before_answer: list[bool] = []
    receiver.during = lambda item: seen_before_answer.append(not answered.is_set())
    response = create(hooks, wid, receiver)
    answered.set()
    assert response.status_code == 200
    assert seen_before_answer == [True]


def test_ping_body_has_the_documented_fields(hooks: TogglWebhooksFake, demo: dict, wid: int,
                                             receiver: Receiver) -> None:
    sub = create(hooks, wid, receiver).json()
    ping = receiver.pings()[0].json
    ann = user_id(demo, "ann@acme.test")
    code = hooks.validation_code(sub["subscription_id"])
    assert list(ping) == ["event_id", "created_at", "creator_id", "metadata", "payload",
                          "subscription_id", "timestamp", "url_callback", "validation_code",
                          "validation_code_url"]
    assert ping["event_id"] == 0 and ping["payload"] == "ping"
    assert ping["metadata"] == {"request_type": "POST", "event_user_id": ann}
    assert (ping["creator_id"], ping["subscription_id"]) == (ann, sub["subscription_id"])
    assert ping["url_callback"] == receiver.url and ping["validation_code"] == code
    assert ping["validation_code_url"] == f"{hooks.url}/validate/{wid}/{sub['subscription_id']}/{code}"


def test_ping_is_a_signed_json_post(hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    ping = receiver.pings()[0]
    assert ping.method == "POST" and ping.headers["Content-Type"] == "application/json"
    assert ping.headers["X-Webhook-Signature-256"] == expected_signature(SECRET, ping.body)


def test_create_without_secret_generates_one_and_signs_with_it(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    sub = create(hooks, wid, receiver, secret=None).json()
    ping = receiver.pings()[0]
    assert len(sub["secret"]) == 20
    assert ping.headers["X-Webhook-Signature-256"] == expected_signature(sub["secret"], ping.body)


def test_create_answers_the_subscription_object(hooks: TogglWebhooksFake, demo: dict, wid: int,
                                                receiver: Receiver) -> None:
    sub = create(hooks, wid, receiver).json()
    assert list(sub) == ["subscription_id", "workspace_id", "user_id", "enabled", "description",
                         "event_filters", "url_callback", "secret", "validated_at",
                         "has_pending_events", "created_at", "updated_at", "deleted_at"]
    assert (sub["workspace_id"], sub["user_id"]) == (wid, user_id(demo, "ann@acme.test"))
    assert sub["event_filters"] == [{"entity": "project", "action": "*"}]
    assert (sub["secret"], sub["enabled"], sub["deleted_at"]) == (SECRET, True, None)


def test_echoed_validation_code_validates_the_subscription(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    assert create(hooks, wid, receiver).json()["validated_at"] is not None


def test_ping_answered_200_without_the_code_saves_it_unvalidated(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    receiver.mode = "ok"
    response = create(hooks, wid, receiver)
    assert response.status_code == 200 and response.json()["validated_at"] is None


def test_validation_code_url_validates_later_and_only_once(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    receiver.mode = "ok"
    create(hooks, wid, receiver)
    url = receiver.pings()[0].json["validation_code_url"]
    first, second = requests.get(url, timeout=5), requests.get(url, timeout=5)
    sid = receiver.pings()[0].json["subscription_id"]
    assert (first.status_code, first.json()) == (200, "OK")
    assert (second.status_code, second.json()) == (400, f"subscription {sid} has already been validated")
    assert hooks.subscriptions(wid)[0]["validated_at"] is not None


def test_validation_code_url_works_while_the_create_is_in_flight(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    receiver.mode = "ok"
    answers: list[int] = []
    receiver.during = lambda item: answers.append(
        requests.get(item.json["validation_code_url"], timeout=5).status_code)
    sub = create(hooks, wid, receiver).json()
    assert answers == [200] and sub["validated_at"] is not None


def test_validate_with_a_wrong_code_gets_400(hooks: TogglWebhooksFake, wid: int,
                                             receiver: Receiver) -> None:
    receiver.mode = "ok"
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    response = call(hooks, "GET", f"/validate/{wid}/{sid}/bad", token=None)
    assert (response.status_code, response.json()) == (
        400, f"subscription {sid} for workspace {wid} and validation code 'bad' was not found")


@pytest.mark.parametrize("status", [201, 204, 401, 404, 500])
def test_callback_not_answering_200_refuses_the_create(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver, status: int) -> None:
    receiver.mode, receiver.status = "status", status
    response = create(hooks, wid, receiver)
    assert (response.status_code, response.json()) == (
        400, f"URL endpoint {receiver.url} responded with status {status} instead of 200")
    assert hooks.subscriptions(wid) == []


def test_unreachable_callback_refuses_the_create(hooks: TogglWebhooksFake, wid: int,
                                                 receiver: Receiver) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    response = create(hooks, wid, receiver, url_callback=url)
    assert response.status_code == 400
    assert response.json().startswith(f'URL endpoint {url} request failed with error: Post "{url}": ')
    assert hooks.deliveries_for("ping")[0].status == 0


def test_callback_slower_than_the_timeout_refuses_the_create(
        toggl: TogglFake, wid: int, receiver: Receiver) -> None:
    receiver.mode, receiver.sleep = "sleep", 1.0
    with TogglWebhooksFake(toggl, delivery_timeout=0.3) as hooks:
        response = create(hooks, wid, receiver)
    assert response.status_code == 400 and "Client.Timeout exceeded" in response.json()


# ---------------------------------------------------------- body validation
SEVEN_FILTERS = [{"entity": e, "action": "*"} for e in
                 ("client", "project", "tag", "task", "time_entry", "workspace", "workspace_user")]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"description": ""}, "Subscription description must not be empty"),
    ({"description": "   "}, "Subscription description must not be empty"),
    ({"event_filters": []}, "The list of event filters must not be empty"),
    ({"event_filters": None}, "The list of event filters must not be empty"),
    ({"event_filters": SEVEN_FILTERS},
     "The limit of 6 event filters for your subscription has been exceeded as you're trying to set 7 filters"),
    ({"event_filters": [{"entity": "project", "action": "created"}] * 2},
     "The following event filter appears more than once for your subscription: {project created}"),
    ({"event_filters": [{"entity": "", "action": "created"}]},
     "The entity field for each subscription event filter must be non-empty"),
    ({"event_filters": [{"entity": "pro-ject", "action": "created"}]},
     "The value 'pro-ject' for the filter entity can only contain letters, numbers and '_' or be '*' to match all entities"),
    ({"event_filters": [{"entity": "project"}]},
     "The action field for each subscription event filter must be non-empty"),
    ({"event_filters": [{"entity": "project", "action": "up date"}]},
     "The value 'up date' for the filter action can only contain letters, numbers and '_' or be '*' to match all actions"),
    ({"event_filters": [{"entity": "project", "action": "archived"}]},
     "Invalid value 'archived' for event filter action"),
    ({"url_callback": None}, 'URL endpoint  request failed with error: Post "": unsupported protocol scheme ""'),
    ({"url_callback": "ftp://example.test/x"},
     'URL endpoint ftp://example.test/x request failed with error: Post "ftp://example.test/x": '
     'unsupported protocol scheme "ftp"'),
])
def test_invalid_create_gets_the_documented_400(hooks: TogglWebhooksFake, wid: int,
                                                receiver: Receiver, overrides: dict,
                                                message: str) -> None:
    body = sub_body(receiver, **{k: v for k, v in overrides.items() if v is not None})
    for key in [k for k, v in overrides.items() if v is None]:
        body.pop(key, None)
    response = call(hooks, "POST", f"/subscriptions/{wid}", body=body)
    assert (response.status_code, response.json()) == (400, message)


@pytest.mark.parametrize(("raw", "message"), [
    ('{"url_callback": "x", "colour": 1}', "Unknown field: colour"),
    ('{"event_filters": [{"entity": "project", "action": "*", "x": 1}]}', "Unknown field: x"),
    ('{"enabled": "true"}', "JSON is not valid"),
    ('{"event_filters": {"entity": "project", "action": "*"}}', "JSON is not valid"),
    ('{"event_filters": [{"entity": 1, "action": "*"}]}', "JSON is not valid"),
    ("[1]", "JSON is not valid"),
    ("{", "JSON is not valid"),
])
def test_malformed_create_body_gets_400(hooks: TogglWebhooksFake, wid: int, raw: str,
                                        message: str) -> None:
    response = call(hooks, "POST", f"/subscriptions/{wid}", data=raw,
                    headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (400, message)


def test_invalid_create_sends_no_ping(hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver, description="")
    assert receiver.received == [] and hooks.deliveries == []


def test_duplicate_description_gets_400(hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    response = create(hooks, wid, receiver, token=BOB)
    assert (response.status_code, response.json()) == (
        400, f"Subscription description 'Projects to #ops' is already in use for workspace {wid}")


def test_enabled_subscriptions_are_limited_per_user_and_workspace(
        hooks: TogglWebhooksFake, demo: dict, wid: int, receiver: Receiver) -> None:
    assert create(hooks, wid, receiver, description="one").status_code == 200
    assert create(hooks, wid, receiver, description="two").status_code == 200
    response = create(hooks, wid, receiver, description="three")
    ann = user_id(demo, "ann@acme.test")
    assert (response.status_code, response.json()) == (
        400, f"User {ann} already reached the limit of 2 enabled subscriptions for workspace {wid}")


def test_the_limit_counts_each_user_separately(hooks: TogglWebhooksFake, wid: int,
                                               receiver: Receiver) -> None:
    create(hooks, wid, receiver, description="one")
    create(hooks, wid, receiver, description="two")
    assert create(hooks, wid, receiver, token=BOB, description="bob's").status_code == 200


def test_disabled_subscriptions_do_not_count_towards_the_limit(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver, description="one")
    create(hooks, wid, receiver, description="two")
    response = create(hooks, wid, receiver, description="off", enabled=False)
    assert response.status_code == 200 and response.json()["enabled"] is False


def test_free_plan_allows_one_enabled_subscription(toggl: TogglFake, hooks: TogglWebhooksFake,
                                                   demo: dict, receiver: Receiver) -> None:
    ws = toggl.add_workspace(demo["org"]["id"], name="Free", plan="free")
    toggl.add_workspace_user(ws["id"], user_id(demo, "ann@acme.test"), role="admin")
    assert create(hooks, ws["id"], receiver, description="one").status_code == 200
    assert "limit of 1 enabled" in create(hooks, ws["id"], receiver, description="two").json()


# ------------------------------------------------------ list / edit / delete
def test_admin_lists_every_subscription_a_member_only_their_own(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver, description="ann's")
    create(hooks, wid, receiver, token=CAT, description="cat's")
    as_admin = [s["description"] for s in call(hooks, "GET", f"/subscriptions/{wid}").json()]
    as_cat = [s["description"] for s in call(hooks, "GET", f"/subscriptions/{wid}", CAT).json()]
    assert (as_admin, as_cat) == (["ann's", "cat's"], ["cat's"])


def test_member_gets_404_for_someone_elses_subscription(hooks: TogglWebhooksFake, wid: int,
                                                        receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    response = call(hooks, "DELETE", f"/subscriptions/{wid}/{sid}", CAT)
    assert (response.status_code, response.json()) == (
        404, f"subscription {sid} for workspace {wid} was not found")


def test_delete_answers_the_deleted_subscription_then_404(hooks: TogglWebhooksFake, wid: int,
                                                           receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    deleted = call(hooks, "DELETE", f"/subscriptions/{wid}/{sid}")
    again = call(hooks, "DELETE", f"/subscriptions/{wid}/{sid}")
    assert deleted.status_code == 200 and deleted.json()["deleted_at"] is not None
    assert again.status_code == 404 and hooks.subscriptions(wid) == []


def test_patch_disables_without_pinging(hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    response = call(hooks, "PATCH", f"/subscriptions/{wid}/{sid}", body={"enabled": False})
    assert response.json()["enabled"] is False and len(receiver.pings()) == 1


def test_patch_enabling_pings_and_refuses_when_the_callback_fails(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver, enabled=False).json()["subscription_id"]
    receiver.mode, receiver.status = "status", 503
    response = call(hooks, "PATCH", f"/subscriptions/{wid}/{sid}", body={"enabled": True})
    assert (response.status_code, response.json()) == (
        400, f"URL endpoint {receiver.url} responded with status 503 instead of 200")
    assert len(receiver.pings()) == 2 and hooks.subscriptions(wid)[0]["enabled"] is False


def test_patch_enabling_over_the_limit_gets_400(hooks: TogglWebhooksFake, wid: int,
                                                receiver: Receiver) -> None:
    create(hooks, wid, receiver, description="one")
    create(hooks, wid, receiver, description="two")
    sid = create(hooks, wid, receiver, description="off", enabled=False).json()["subscription_id"]
    response = call(hooks, "PATCH", f"/subscriptions/{wid}/{sid}", body={"enabled": True})
    assert response.status_code == 400 and "already reached the limit of 2" in response.json()


def test_patch_rejects_fields_other_than_enabled(hooks: TogglWebhooksFake, wid: int,
                                                 receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    response = call(hooks, "PATCH", f"/subscriptions/{wid}/{sid}", body={"description": "x"})
    assert (response.status_code, response.json()) == (400, "Unknown field: description")


def test_put_accepts_any_2xx_from_the_callback(hooks: TogglWebhooksFake, wid: int,
                                               receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    receiver.mode, receiver.status = "status", 204
    response = call(hooks, "PUT", f"/subscriptions/{wid}/{sid}",
                    body=sub_body(receiver, description="renamed"))
    assert response.status_code == 200 and response.json()["description"] == "renamed"


def test_put_with_a_new_url_resets_validation(hooks: TogglWebhooksFake, wid: int,
                                              receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    receiver.mode = "ok"
    response = call(hooks, "PUT", f"/subscriptions/{wid}/{sid}",
                    body=sub_body(receiver, url_callback=receiver.url + "?v=2"))
    assert response.json()["validated_at"] is None
    assert "validation_code" in receiver.pings()[-1].json


def test_ping_endpoint_sends_a_ping_and_reports_ok(hooks: TogglWebhooksFake, wid: int,
                                                   receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    response = call(hooks, "POST", f"/ping/{wid}/{sid}")
    assert response.json() == {"status": "OK"}
    assert "validation_code" not in receiver.pings()[-1].json  # already validated


def test_ping_endpoint_validates_when_the_code_is_echoed(hooks: TogglWebhooksFake, wid: int,
                                                         receiver: Receiver) -> None:
    receiver.mode = "ok"
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    receiver.mode = "echo"
    call(hooks, "POST", f"/ping/{wid}/{sid}")
    assert receiver.pings()[-1].json["validation_code"] == hooks.validation_code(sid)
    assert hooks.subscriptions(wid)[0]["validated_at"] is not None


def test_ping_endpoint_reports_a_failing_callback_in_its_status(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    receiver.mode, receiver.status = "status", 500
    response = call(hooks, "POST", f"/ping/{wid}/{sid}")
    assert response.json() == {
        "status": f"URL endpoint {receiver.url} responded with status 500 instead of 200"}


# ------------------------------------------------------------------- events
def test_emit_delivers_a_signed_event_with_the_documented_body(
        hooks: TogglWebhooksFake, demo: dict, wid: int, receiver: Receiver) -> None:
    sub = create(hooks, wid, receiver).json()
    cat = user_id(demo, "cat@acme.test")
    deliveries = hooks.emit(wid, "project", "created", payload={"id": 4242, "name": "New"},
                            event_user_id=cat)
    event = receiver.events()[0]
    body = event.json
    assert [d.status for d in deliveries] == [200]
    assert event.headers["X-Webhook-Signature-256"] == expected_signature(SECRET, event.body)
    assert list(body) == ["event_id", "created_at", "creator_id", "metadata", "payload",
                          "subscription_id", "timestamp", "url_callback"]
    assert body["metadata"] == {"path": f"/api/v9/workspaces/{wid}/projects", "model": "project",
                                "action": "created", "project_id": "4242", "request_type": "POST",
                                "workspace_id": str(wid), "event_user_id": str(cat)}
    assert (body["creator_id"], body["subscription_id"]) == (cat, sub["subscription_id"])
    assert body["payload"] == {"id": 4242, "name": "New"} and body["url_callback"] == receiver.url


def test_emit_skips_unvalidated_and_disabled_subscriptions(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    receiver.mode = "ok"
    create(hooks, wid, receiver, description="unvalidated")
    receiver.mode = "echo"
    create(hooks, wid, receiver, description="disabled", enabled=False)
    assert hooks.emit(wid, "project", "created", payload={"id": 1}) == []


@pytest.mark.parametrize(("entity", "action", "filters", "delivered"), [
    ("project", "created", [{"entity": "project", "action": "created"}], True),
    ("project", "deleted", [{"entity": "project", "action": "created"}], False),
    ("project", "deleted", [{"entity": "project", "action": "*"}], True),
    ("client", "updated", [{"entity": "*", "action": "updated"}], True),
    ("client", "updated", [{"entity": "project", "action": "*"}], False),
    ("tag", "deleted", [{"entity": "*", "action": "*"}], True),
])
def test_emit_honours_the_event_filters(hooks: TogglWebhooksFake, wid: int, receiver: Receiver,
                                        entity: str, action: str, filters: list,
                                        delivered: bool) -> None:
    create(hooks, wid, receiver, event_filters=filters)
    assert bool(hooks.emit(wid, entity, action, payload={"id": 7})) is delivered


def test_a_members_subscription_only_gets_their_own_events(
        hooks: TogglWebhooksFake, demo: dict, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver, token=CAT)
    by_ann = hooks.emit(wid, "project", "updated", event_user_id=user_id(demo, "ann@acme.test"))
    by_cat = hooks.emit(wid, "project", "updated", event_user_id=user_id(demo, "cat@acme.test"))
    assert (len(by_ann), len(by_cat)) == (0, 1)


def test_redeliver_sends_the_identical_body_and_signature(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    first = hooks.emit(wid, "project", "created", payload={"id": 1})[0]
    again = hooks.redeliver(first)
    events = receiver.events()
    assert again.status == 200 and len(events) == 2
    assert events[0].body == events[1].body
    assert events[0].headers["X-Webhook-Signature-256"] == events[1].headers["X-Webhook-Signature-256"]


def test_failed_delivery_is_counted_and_shown_as_pending(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    receiver.mode, receiver.status = "status", 502
    delivery = hooks.emit(wid, "project", "deleted", payload={"id": 3})[0]
    hooks.redeliver(delivery)
    listing = call(hooks, "GET", f"/subscriptions/{wid}/{sid}/events").json()
    event = listing["events"][0]
    assert listing["total"] == 1 and event["failed_delivery_attempts"] == 2
    assert event["last_delivery_error"] == f"URL endpoint {receiver.url} responded with status 502 instead of 2xx"
    assert call(hooks, "GET", f"/subscriptions/{wid}").json()[0]["has_pending_events"] is True


def test_successful_redelivery_clears_pending_events(hooks: TogglWebhooksFake, wid: int,
                                                     receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    receiver.mode, receiver.status = "status", 500
    delivery = hooks.emit(wid, "project", "deleted", payload={"id": 3})[0]
    receiver.mode = "ok"
    hooks.redeliver(delivery)
    assert hooks.subscriptions(wid)[0]["has_pending_events"] is False


def test_events_endpoint_pages_with_offset(hooks: TogglWebhooksFake, wid: int,
                                           receiver: Receiver) -> None:
    sid = create(hooks, wid, receiver).json()["subscription_id"]
    ids = [hooks.emit(wid, "project", "created", payload={"id": n})[0].event_id for n in range(3)]
    page = call(hooks, "GET", f"/subscriptions/{wid}/{sid}/events", params={"offset": 1}).json()
    assert page["total"] == 3 and [e["event_id"] for e in page["events"]] == ids[1:]


def test_seeded_subscription_receives_events_without_a_ping(
        hooks: TogglWebhooksFake, demo: dict, wid: int, receiver: Receiver) -> None:
    hooks.add_subscription(wid, user_id(demo, "ann@acme.test"), receiver.url, secret=SECRET)
    hooks.emit(wid, "time_entry", "created", payload={"id": 9})
    assert receiver.pings() == [] and len(receiver.events()) == 1


# -------------------------------------------------------- recording, faults
def test_requests_are_recorded_without_the_authorization_header(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    record = hooks.requests_for("POST", "/subscriptions")[-1]
    assert (record.path, record.token, record.status) == (f"/subscriptions/{wid}", ANN, 200)
    assert record.json["description"] == "Projects to #ops"
    assert "Authorization" not in record.headers and "User-Agent" in record.headers


def test_deliveries_are_recorded_with_body_signature_and_status(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    ping = hooks.deliveries_for("ping")[0]
    assert (ping.url, ping.status, ping.body) == (receiver.url, 200, receiver.pings()[0].body)
    assert ping.signature == expected_signature(SECRET, ping.body)


def test_fail_next_answers_canned_without_creating_or_pinging(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    hooks.fail_next(500, path_prefix="/subscriptions")
    response = create(hooks, wid, receiver)
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    assert receiver.received == [] and hooks.subscriptions(wid) == []


def test_fail_next_with_apply_creates_but_answers_the_fault(
        hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    hooks.fail_next(502, path_prefix="/subscriptions", apply=True)
    assert create(hooks, wid, receiver).status_code == 502
    assert len(hooks.subscriptions(wid)) == 1 and len(receiver.pings()) == 1


def test_the_sandbox_can_make_toggl_send_an_event(hooks: TogglWebhooksFake, wid: int, receiver: Receiver) -> None:
    create(hooks, wid, receiver)
    base = hooks.url[: -len("/webhooks/api/v1")]
    answer = requests.post(base + "/_sandbox/emit", json={"workspace_id": wid, "entity": "project",
                                                          "action": "created", "payload": {"id": 1}}, timeout=5)
    assert answer.status_code == 200 and answer.json() == {"deliveries": [200]}
    assert [d.kind for d in hooks.deliveries_for(kind="event")] == ["event"]
