"""A local, in-process fake of the Slack Web API and of slash-command ``response_url``s.

The fake is a tiny WSGI app served by werkzeug on ``127.0.0.1`` in a daemon thread.
Point the bot at it with ``SLACK_API_URL = slack.api_url`` (slack_sdk's
``WebClient(base_url=...)`` appends the method name) and hand out
``slack.new_response_url()`` as the ``response_url`` of signed test requests.

Everything the fake receives is recorded (``calls``, ``responses``, ``rejected``,
``messages``) so tests can assert on it; ``wait_for`` polls for asynchronous effects.

Example::

    with SlackFake(bot_token="xoxb-test-token") as slack:
        slack.add_user("U0ADMIN1", email="ann@acme.test", real_name="Ann Admin")
        client = WebClient(token="xoxb-test-token", base_url=slack.api_url)
        client.chat_postMessage(channel="C0OPS", text="hi")
        assert slack.calls_to("chat.postMessage")[0].args["text"] == "hi"
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Optional, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

T = TypeVar("T")

# Slack's documented limits.
MAX_BLOCKS_PER_MESSAGE = 50
MAX_SECTION_TEXT_CHARS = 3000
MAX_SECTION_FIELDS = 10
MAX_SECTION_FIELD_CHARS = 2000
MAX_RESPONSE_URL_USES = 5
# The bot's interim notes (queued, deferred, retrying) start with one of these;
# a command's final message never does.
INTERIM_PREFIXES = ("⏸", "⏳", "🔁")

_EVENT_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral")
_FIRST_TS_MICROS = 1_700_000_000_000_100
_TS_STEP_MICROS = 100


@dataclass(frozen=True)
class ApiCall:
    """One Web API request received by the fake.

    ``args`` merges query string, form body and JSON body (later wins);
    a ``token`` argument is moved out of ``args`` into ``token``.
    """

    method: str
    args: dict[str, Any]
    token: Optional[str]
    at: float


@dataclass(frozen=True)
class ResponsePost:
    """One accepted (delivered) JSON post to a ``response_url``."""

    url_id: str
    body: dict[str, Any]
    at: float


@dataclass(frozen=True)
class RejectedPost:
    """A ``response_url`` post the fake refused (bad body, unknown or used-up URL)."""

    url_id: str
    body: Any
    status: int
    error: str
    at: float


@dataclass
class FakeUser:
    """A workspace member known to the fake."""

    id: str
    email: Optional[str] = None
    real_name: str = ""
    name: str = ""
    display_name: str = ""
    is_bot: bool = False
    tz: str = "UTC"

    def to_api(self, team_id: str) -> dict[str, Any]:
        """Return the user object as ``users.info`` / ``users.lookupByEmail`` show it."""
        profile: dict[str, Any] = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
        }
        if self.email is not None:
            profile["email"] = self.email
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": False,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": _tz_offset_seconds(self.tz),
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": profile,
        }


@dataclass
class _Failure:
    error: str
    status: int
    remaining: int


@dataclass
class _ResponseUrl:
    url_id: str
    uses: int = 0


class SlackApiFailure(Exception):
    """Raised inside a handler to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, status: int = 200) -> None:
        super().__init__(error)
        self.error = error
        self.status = status


class _QuietRequestHandler(WSGIRequestHandler):
    """Request handler that does not log every request to stderr."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102
        pass

    def log(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102
        pass


def _tz_offset_seconds(tz: str) -> int:
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset else 0


def _format_ts(micros: int) -> str:
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def _json_response(payload: dict[str, Any], status: int = 200, headers: Optional[dict[str, str]] = None) -> Response:
    return Response(
        json.dumps(payload),
        status=status,
        headers=headers or {},
        content_type="application/json; charset=utf-8",
    )


def _error(error: str) -> SlackApiFailure:
    return SlackApiFailure(error)


# ---------------------------------------------------------------------------
# Block validation (pure functions)
# ---------------------------------------------------------------------------


def parse_blocks(raw: Any) -> Optional[list[Any]]:
    """Return blocks as a list (decoding a JSON string as form bodies send it); None if absent.

    Raises SlackApiFailure("invalid_blocks_format") if the value is not a JSON array.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise _error("invalid_blocks_format") from exc
    if not isinstance(raw, list):
        raise _error("invalid_blocks_format")
    return raw


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return "" if obj is None else str(obj)


def blocks_error(blocks: Optional[list[Any]]) -> Optional[str]:
    """Return Slack's error code for blocks breaking the documented limits, else None."""
    if not blocks:
        return None
    if len(blocks) > MAX_BLOCKS_PER_MESSAGE:
        return "invalid_blocks"
    for block in blocks:
        if not isinstance(block, dict) or not block.get("type"):
            return "invalid_blocks"
        if block["type"] == "section" and _section_error(block):
            return "invalid_blocks"
    return None


def _section_error(block: dict[str, Any]) -> bool:
    if len(_text_of(block.get("text"))) > MAX_SECTION_TEXT_CHARS:
        return True
    fields = block.get("fields") or []
    if len(fields) > MAX_SECTION_FIELDS:
        return True
    return any(len(_text_of(f)) > MAX_SECTION_FIELD_CHARS for f in fields)


def _has_content(text: Any, blocks: Optional[list[Any]]) -> bool:
    return bool(text) or bool(blocks)


# ---------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------


class SlackFake:
    """Fake Slack Web API + response_url server. Thread-safe; also a context manager."""

    def __init__(
        self,
        bot_token: str = "xoxb-test-token",
        *,
        team_id: str = "T0TEAM",
        team_domain: str = "acme",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        bot_name: str = "toggl-bot",
    ) -> None:
        """Create a stopped fake; call ``start()`` (or use ``with``) to serve it."""
        self.bot_token = bot_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self._lock = threading.RLock()
        self._server: Optional[BaseWSGIServer] = None
        self._thread: Optional[threading.Thread] = None
        self._users: dict[str, FakeUser] = {}
        self._dm_channels: dict[str, str] = {}
        self._ts_counter = itertools.count(_FIRST_TS_MICROS, _TS_STEP_MICROS)
        self._reset_recordings()
        self.add_user(bot_user_id, real_name=bot_name, name=bot_name, is_bot=True)

    def _reset_recordings(self) -> None:
        self._calls: list[ApiCall] = []
        self._responses: list[ResponsePost] = []
        self._rejected: list[RejectedPost] = []
        self._messages: list[dict[str, Any]] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._events: list[dict[str, Any]] = []

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> "SlackFake":
        """Serve on 127.0.0.1 on a free port in a daemon thread; returns self."""
        with self._lock:
            if self._server is not None:
                return self
            self._server = make_server(
                "127.0.0.1", 0, self._wsgi_app, threaded=True, request_handler=_QuietRequestHandler
            )
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="slack-fake", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down and wait for its thread. Safe to call twice."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> "SlackFake":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` of the running server."""
        with self._lock:
            if self._server is None:
                raise RuntimeError("SlackFake is not started; call start() first")
            return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        """Web API base URL (ends with ``/api/``), for ``WebClient(base_url=...)``."""
        return f"{self.base_url}/api/"

    def new_response_url(self) -> str:
        """Register and return a fresh ``response_url`` (accepts up to 5 posts)."""
        url_id = uuid.uuid4().hex
        with self._lock:
            self._response_urls[url_id] = _ResponseUrl(url_id)
        return f"{self.base_url}/response/{url_id}"

    # -- configuration -----------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        email: Optional[str] = None,
        real_name: str = "",
        name: str = "",
        display_name: Optional[str] = None,
        is_bot: bool = False,
        tz: str = "UTC",
    ) -> FakeUser:
        """Add (or replace) a workspace member visible to users.* and conversations.open."""
        user = FakeUser(
            id=user_id,
            email=email,
            real_name=real_name,
            name=name or user_id.lower(),
            display_name=name if display_name is None else display_name,
            is_bot=is_bot,
            tz=tz,
        )
        with self._lock:
            self._users[user_id] = user
        return user

    def people(self) -> dict[str, str]:
        """Member names → user ids: what Slack turns a typed ``@name`` into a mention with."""
        with self._lock:
            return {user.name: user.id for user in self._users.values()}

    def fail_next(self, method: str, error: str = "ratelimited", status: Optional[int] = None, count: int = 1) -> None:
        """Make the next ``count`` calls to ``method`` fail with ``{"ok": false, "error": error}``.

        ``status`` defaults to 429 (with ``Retry-After: 1``) for ``ratelimited``, else 200.
        Failures are applied after the auth check, and queue up in order.
        """
        if status is None:
            status = 429 if error == "ratelimited" else 200
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure(error, status, count))

    def clear(self) -> None:
        """Forget recorded traffic, messages, pending failures and response URLs. Users stay."""
        with self._lock:
            self._reset_recordings()

    # -- recorded traffic --------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """Every Web API call received, in order (including failed ones)."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[ApiCall]:
        """Web API calls to one method, e.g. ``"chat.postMessage"``."""
        return [c for c in self.calls if c.method == method]

    @property
    def responses(self) -> list[ResponsePost]:
        """Accepted response_url posts, in order."""
        with self._lock:
            return list(self._responses)

    def responses_for(self, response_url: str) -> list[ResponsePost]:
        """Accepted posts to one response_url (pass the full URL or its id)."""
        url_id = response_url.rstrip("/").rsplit("/", 1)[-1]
        return [r for r in self.responses if r.url_id == url_id]

    def final_responses(self, response_url: str) -> list[ResponsePost]:
        """Posts to one response_url that are not interim notes (a command's final answer)."""
        return [r for r in self.responses_for(response_url)
                if not str(r.body.get("text", "")).startswith(INTERIM_PREFIXES)]

    @property
    def rejected(self) -> list[RejectedPost]:
        """response_url posts that were refused (invalid body, unknown or used-up URL)."""
        with self._lock:
            return list(self._rejected)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Channel history as kept by chat.postMessage / chat.update (copies)."""
        with self._lock:
            return [dict(m) for m in self._messages]

    def message(self, channel: str, ts: str) -> Optional[dict[str, Any]]:
        """The stored message ``(channel, ts)``, or None."""
        with self._lock:
            found = self._find_message(channel, ts)
            return dict(found) if found else None

    # -- waiting -----------------------------------------------------------

    def wait_for(self, predicate: Callable[[], T], timeout: float = 10.0, interval: float = 0.02) -> T:
        """Poll ``predicate`` until it returns something truthy and return that value.

        Raises AssertionError (with recent traffic) if it does not within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_message(predicate, value, timeout))
            time.sleep(interval)

    def wait_for_responses(self, response_url: str, count: int = 1, timeout: float = 10.0) -> list[ResponsePost]:
        """Wait until ``response_url`` has at least ``count`` accepted posts; return them all."""
        def enough() -> list[ResponsePost]:
            got = self.responses_for(response_url)
            return got if len(got) >= count else []

        try:
            return self.wait_for(enough, timeout=timeout)
        except AssertionError as exc:
            got = len(self.responses_for(response_url))
            raise AssertionError(f"expected {count} post(s) to {response_url}, got {got}.\n{exc}") from None

    def _timeout_message(self, predicate: Callable[[], Any], value: Any, timeout: float) -> str:
        name = getattr(predicate, "__qualname__", repr(predicate))
        calls = [f"{c.method} {c.args}" for c in self.calls[-5:]]
        responses = [f"{r.url_id[:8]} {r.body}" for r in self.responses[-5:]]
        rejected = [f"{r.url_id[:8]} {r.status} {r.error}" for r in self.rejected[-5:]]
        return (
            f"condition {name} not met within {timeout}s (last value: {value!r}).\n"
            f"last calls: {calls}\nlast responses: {responses}\nlast rejected: {rejected}"
        )

    # -- HTTP plumbing -----------------------------------------------------

    def _wsgi_app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        path = request.path
        if path.startswith("/api/"):
            response = self._handle_api(path[len("/api/"):], request)
        elif path.startswith("/response/"):
            response = self._handle_response_url(path[len("/response/"):], request)
        elif path == "/_sandbox/events":
            response = _json_response({"events": self.events(int(request.args.get("after", 0)))})
        elif path == "/_sandbox/response_url" and request.method == "POST":
            response = _json_response({"url": self.new_response_url()})
        else:
            response = Response("not_found", status=404, content_type="text/plain")
        return response(environ, start_response)

    @staticmethod
    def _request_args(request: Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.args.items())
        args.update(request.form.items())
        if request.is_json:
            body = request.get_json(silent=True)
            if isinstance(body, dict):
                args.update(body)
        return args

    @staticmethod
    def _bearer_token(request: Request) -> Optional[str]:
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[len("bearer "):].strip() or None
        return None

    def _handle_api(self, method: str, request: Request) -> Response:
        args = self._request_args(request)
        param_token = args.pop("token", None)
        token = self._bearer_token(request) or param_token
        with self._lock:
            self._calls.append(ApiCall(method, dict(args), token, time.time()))
        try:
            result = self._dispatch(method, args, token)
        except SlackApiFailure as failure:
            headers = {"Retry-After": "1"} if failure.status == 429 else None
            return _json_response({"ok": False, "error": failure.error}, failure.status, headers)
        if method in _EVENT_METHODS:
            self._record_event({"kind": method, "channel": args.get("channel"), "user": args.get("user"),
                                "ts": result.get("ts") or result.get("message_ts"),
                                "text": args.get("text"), "blocks": parse_blocks(args.get("blocks"))})
        return _json_response({"ok": True, **result})

    def _record_event(self, event: dict[str, Any]) -> None:
        with self._lock:
            self._events.append({**event, "seq": len(self._events) + 1, "at": time.time()})

    def events(self, after: int = 0) -> list[dict[str, Any]]:
        """Messages posted, updated or sent to response_urls, in order (for the sandbox console)."""
        with self._lock:
            return [dict(event) for event in self._events[after:]]

    def _dispatch(self, method: str, args: dict[str, Any], token: Optional[str]) -> dict[str, Any]:
        handler = self._handlers().get(method)
        if handler is None:
            raise _error("unknown_method")
        if not token:
            raise _error("not_authed")
        if token != self.bot_token:
            raise _error("invalid_auth")
        self._raise_injected_failure(method)
        with self._lock:
            return handler(args)

    def _raise_injected_failure(self, method: str) -> None:
        with self._lock:
            queue = self._failures.get(method)
            if not queue:
                return
            failure = queue[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                queue.pop(0)
        raise SlackApiFailure(failure.error, failure.status)

    def _handlers(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.open": self._conversations_open,
        }

    # -- Web API methods (called with the lock held) -----------------------

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_domain,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _next_ts(self) -> str:
        return _format_ts(next(self._ts_counter))

    def _validated_content(self, args: dict[str, Any]) -> tuple[str, Optional[list[Any]]]:
        text = args.get("text") or ""
        blocks = parse_blocks(args.get("blocks"))
        error = blocks_error(blocks)
        if error:
            raise _error(error)
        if not _has_content(text, blocks):
            raise _error("no_text")
        return text, blocks

    def _message_payload(self, message: dict[str, Any]) -> dict[str, Any]:
        payload = {
            "type": "message",
            "user": message["user"],
            "bot_id": self.bot_id,
            "team": self.team_id,
            "text": message["text"],
            "ts": message["ts"],
        }
        if message["blocks"]:
            payload["blocks"] = message["blocks"]
        if message["thread_ts"]:
            payload["thread_ts"] = message["thread_ts"]
        return payload

    def _chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel")
        if not channel:
            raise _error("channel_not_found")
        text, blocks = self._validated_content(args)
        message = {
            "channel": channel,
            "ts": self._next_ts(),
            "text": text,
            "blocks": blocks,
            "thread_ts": args.get("thread_ts") or None,
            "user": self.bot_user_id,
            "updated": False,
        }
        self._messages.append(message)
        return {"channel": channel, "ts": message["ts"], "message": self._message_payload(message)}

    def _find_message(self, channel: Any, ts: Any) -> Optional[dict[str, Any]]:
        for message in self._messages:
            if message["channel"] == channel and message["ts"] == ts:
                return message
        return None

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self._find_message(args.get("channel"), args.get("ts"))
        if message is None:
            raise _error("message_not_found")
        text, blocks = self._validated_content(args)
        message.update(text=text, blocks=blocks, updated=True)
        return {
            "channel": message["channel"],
            "ts": message["ts"],
            "text": text,
            "message": self._message_payload(message),
        }

    def _chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("channel"):
            raise _error("channel_not_found")
        if not args.get("user"):
            raise _error("user_not_found")
        self._validated_content(args)
        return {"message_ts": self._next_ts()}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._users.get(args.get("user") or "")
        if user is None:
            raise _error("user_not_found")
        return {"user": user.to_api(self.team_id)}

    def _users_lookup_by_email(self, args: dict[str, Any]) -> dict[str, Any]:
        email = str(args.get("email") or "").strip().lower()
        for user in self._users.values():
            if email and (user.email or "").lower() == email:
                return {"user": user.to_api(self.team_id)}
        raise _error("users_not_found")

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        raw = args.get("users") or ""
        user_ids = [u.strip() for u in str(raw).split(",") if u.strip()]
        if not user_ids:
            raise _error("users_list_not_supplied")
        if any(u not in self._users for u in user_ids):
            raise _error("user_not_found")
        key = ",".join(sorted(user_ids))
        already_open = key in self._dm_channels
        if not already_open:
            prefix = "D" if len(user_ids) == 1 else "G"
            self._dm_channels[key] = f"{prefix}{len(self._dm_channels) + 1:08d}"
        result: dict[str, Any] = {"channel": {"id": self._dm_channels[key]}}
        if already_open:
            result.update(no_op=True, already_open=True)
        return result

    # -- response_url --------------------------------------------------------

    def _handle_response_url(self, url_id: str, request: Request) -> Response:
        body: Any = request.get_data(as_text=True)
        try:
            body = json.loads(body)
        except ValueError:
            return self._reject(url_id, body, 400, "invalid_payload")
        with self._lock:
            entry = self._response_urls.get(url_id)
            if entry is None:
                return self._reject(url_id, body, 404, "invalid_url")
            error = self._response_body_error(body)
            if error:
                return self._reject(url_id, body, 400, error)
            if entry.uses >= MAX_RESPONSE_URL_USES:
                return self._reject(url_id, body, 404, "expired_url")
            entry.uses += 1
            self._responses.append(ResponsePost(url_id, body, time.time()))
        self._record_event({"kind": "response", "url_id": url_id, "text": body.get("text"),
                            "blocks": body.get("blocks"), "response_type": body.get("response_type"),
                            "replace_original": body.get("replace_original")})
        return Response("ok", status=200, content_type="text/html")

    @staticmethod
    def _response_body_error(body: Any) -> Optional[str]:
        if not isinstance(body, dict):
            return "invalid_payload"
        if body.get("response_type") not in (None, "ephemeral", "in_channel"):
            return "invalid_payload"
        try:
            blocks = parse_blocks(body.get("blocks"))
        except SlackApiFailure as failure:
            return failure.error
        error = blocks_error(blocks)
        if error:
            return error
        if not body.get("delete_original") and not _has_content(body.get("text"), blocks):
            return "no_text"
        return None

    def _reject(self, url_id: str, body: Any, status: int, error: str) -> Response:
        with self._lock:
            self._rejected.append(RejectedPost(url_id, body, status, error, time.time()))
        return Response(error, status=status, content_type="text/html")
