"""A local, in-process fake of the Slack Web API and of slash-command ``response_url``s.

The fake is a tiny WSGI app served by werkzeug on ``127.0.0.1`` in a daemon thread.
Point the bot at it with ``SLACK_API_URL = slack.api_url`` (slack_sdk's
``WebClient(base_url=...)`` appends the method name) and hand out
``slack.new_response_url()`` as the ``response_url`` of signed test requests.

Everything the fake receives is recorded (``calls``, ``responses``, ``rejected``,
``messages``) so tests can assert on it; ``wait_for`` polls for asynchronous effects.

Views: ``views.publish`` (Home tab), ``views.open`` / ``views.push`` (modals, exchanging a
trigger id the fake issued — ``new_trigger_id()`` — at most 3 s old and only once) and
``views.update`` (by view_id or external_id, optional ``hash``). Read them back with
``home_view`` / ``views_published`` / ``view`` / ``views_opened`` / ``modal_stack``; play
the bot's answer to a view_submission with ``apply_view_response``.

Faults: ``fail_next(method, "ratelimited", count=n, retry_after=s)`` answers HTTP 429 with
``Retry-After: s``; ``fail_next(method, status=503)`` a 5xx. Every attempt is an ApiCall
with a ``monotonic`` timestamp, so a test can check a retry waited long enough.

Example::

    with SlackFake(bot_token="xoxb-test-token") as slack:
        slack.add_user("U0ADMIN1", email="ann@acme.test", real_name="Ann Admin")
        client = WebClient(token="xoxb-test-token", base_url=slack.api_url)
        client.chat_postMessage(channel="C0OPS", text="hi")
        assert slack.calls_to("chat.postMessage")[0].args["text"] == "hi"
"""

from __future__ import annotations

import copy
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

from fakes import slack_triggers
from fakes.slack_blocks import (
    MAX_BLOCKS_PER_MESSAGE,
    MAX_SECTION_FIELD_CHARS,
    MAX_SECTION_FIELDS,
    MAX_SECTION_TEXT_CHARS,
    block_problems,
    options_response_problems,
)
from fakes.slack_views import (
    MAX_VIEW_STACK,
    ViewError,
    check_view,
    new_hash,
    new_view_id,
    stored_view,
    view_response_problems,
)

T = TypeVar("T")

__all__ = [
    "ApiCall", "FakeUser", "MAX_BLOCKS_PER_MESSAGE", "MAX_SECTION_FIELDS", "MAX_SECTION_FIELD_CHARS",
    "MAX_SECTION_TEXT_CHARS", "RejectedPost", "ResponsePost", "SlackApiFailure", "SlackFake", "ViewResponse",
    "block_problems", "blocks_error", "options_response_error", "parse_blocks",
]

MAX_RESPONSE_URL_USES = 5
DEFAULT_APP_ID = "A0TOGGL"
# Bodies for injected 5xx answers: the error codes Slack's method pages list for them
# ("service_unavailable: The service is temporarily unavailable", "internal_error").
_SERVER_ERRORS = {503: "service_unavailable"}
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
    monotonic: float = 0.0  # time.monotonic() on arrival: compare attempts (retry waited ≥ Retry-After?)
    status: int = 200  # the HTTP status the fake answered
    error: Optional[str] = None  # the "error" it answered, None if ok

    @property
    def ok(self) -> bool:
        """Whether the fake answered ``{"ok": true}``."""
        return self.error is None


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
    retry_after: int = 1
    body: Any = None


@dataclass(frozen=True)
class ViewResponse:
    """What Slack made of the bot's answer to a view_submission (``apply_view_response``).

    ``action`` is ``"close"``, ``"errors"``, ``"update"``, ``"push"`` or ``"clear"``;
    ``problems`` lists why Slack would reject the answer (then nothing changed).
    """

    action: str
    errors: dict[str, str]
    view: Optional[dict[str, Any]]
    problems: list[str]


@dataclass
class _ResponseUrl:
    url_id: str
    uses: int = 0


class SlackApiFailure(Exception):
    """Raised inside a handler to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, status: int = 200, *, messages: Optional[list[str]] = None,
                 headers: Optional[dict[str, str]] = None, body: Any = None) -> None:
        """``messages`` go to ``response_metadata.messages``; ``body`` replaces the JSON body."""
        super().__init__(error)
        self.error = error
        self.status = status
        self.messages = messages or []
        self.headers = headers or {}
        self.body = body

    def response(self) -> Response:
        """The HTTP answer Slack gives for this failure."""
        if isinstance(self.body, str):
            return Response(self.body, status=self.status, headers=self.headers, content_type="text/html")
        payload: dict[str, Any] = self.body if isinstance(self.body, dict) else {"ok": False, "error": self.error}
        if self.messages and self.body is None:
            payload["response_metadata"] = {"messages": self.messages}
        return _json_response(payload, self.status, self.headers)


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
    """Return Slack's error code for message blocks breaking Block Kit's rules, else None.

    See ``fakes.slack_blocks`` for the rules; ``block_problems(blocks)`` says which.
    """
    if not blocks:
        return None
    return "invalid_blocks" if block_problems(blocks, max_blocks=MAX_BLOCKS_PER_MESSAGE) else None


def options_response_error(body: Any) -> Optional[str]:
    """Why Slack would refuse an options-load answer (``block_suggestion``), else None."""
    problems = options_response_problems(body)
    return "; ".join(problems) if problems else None


def _blocks_failure(blocks: Optional[list[Any]]) -> Optional[SlackApiFailure]:
    problems = block_problems(blocks, max_blocks=MAX_BLOCKS_PER_MESSAGE) if blocks else []
    return SlackApiFailure("invalid_blocks", messages=problems) if problems else None


def _view_failure(error: ViewError) -> SlackApiFailure:
    return SlackApiFailure(error.error, messages=error.messages)


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
        app_id: str = DEFAULT_APP_ID,
        trigger_ttl: float = slack_triggers.TRIGGER_TTL_SECONDS,
    ) -> None:
        """Create a stopped fake; call ``start()`` (or use ``with``) to serve it.

        ``trigger_ttl``: how long a trigger id can be exchanged (Slack: 3 seconds).
        """
        self.bot_token = bot_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.app_id = app_id
        self.trigger_ttl = trigger_ttl
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
        self._views: dict[str, dict[str, Any]] = {}  # view id → the view as Slack stores it now
        self._view_users: dict[str, str] = {}  # view id → the user it was opened/published for
        self._homes: dict[str, str] = {}  # user id → their Home view id
        self._home_history: dict[str, list[dict[str, Any]]] = {}
        self._stacks: dict[str, list[str]] = {}  # user id → open modal view ids, root first
        self._opened: list[tuple[str, dict[str, Any]]] = []  # (user id, view) per views.open/push

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

    def new_trigger_id(self, user_id: Optional[str] = None, view_id: Optional[str] = None) -> str:
        """Issue a trigger id views.open / views.push will accept once within ``trigger_ttl`` seconds.

        ``user_id`` is who the interaction belongs to (the modal opens for them);
        ``view_id`` the modal it came from (views.push stacks onto it). The request
        builders in ``fakes.slack_requests`` issue theirs the same way.
        """
        return slack_triggers.issue(user_id=user_id, view_id=view_id)

    def fail_next(self, method: str, error: Optional[str] = None, status: Optional[int] = None, count: int = 1,
                  *, retry_after: int = 1, body: Any = None) -> None:
        """Make the next ``count`` calls to ``method`` fail the way Slack does.

        - ``fail_next(m)`` / ``fail_next(m, "ratelimited", count=n, retry_after=s)``: HTTP 429,
          ``Retry-After: s``, body ``{"ok": false, "error": "ratelimited"}``.
        - ``fail_next(m, status=503)``: HTTP 503, body ``{"ok": false, "error": "service_unavailable"}``
          (other 5xx: ``internal_error``); ``body`` replaces the body (a dict is sent as JSON,
          a str as text/html, e.g. a load balancer's page).
        - ``fail_next(m, "fatal_error")``: HTTP 200 with that error.

        Failures are applied after the auth check, and queue up in order.
        """
        if error is None:
            if status is None or status == 429:
                error = "ratelimited"
            elif status >= 500:
                error = _SERVER_ERRORS.get(status, "internal_error")
            else:
                error = "fatal_error"
        if status is None:
            status = 429 if error == "ratelimited" else 200
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure(error, status, count, int(retry_after), body))

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

    # -- views ---------------------------------------------------------------

    def view(self, view_id: str) -> Optional[dict[str, Any]]:
        """The view ``view_id`` as Slack holds it now (a copy; open, closed or Home), or None."""
        with self._lock:
            stored = self._views.get(view_id)
            return copy.deepcopy(stored) if stored else None

    def home_view(self, user_id: str) -> Optional[dict[str, Any]]:
        """The Home tab last published (or updated) for ``user_id``, or None.

        Pass it as ``view`` of an ``app_home_opened`` event: Slack includes the view once one was published.
        """
        with self._lock:
            view_id = self._homes.get(user_id)
            return copy.deepcopy(self._views[view_id]) if view_id else None

    def views_published(self, user_id: str) -> list[dict[str, Any]]:
        """Every Home view stored for ``user_id`` (views.publish, views.update), oldest first."""
        with self._lock:
            return copy.deepcopy(self._home_history.get(user_id, []))

    def views_opened(self, user_id: Optional[str] = None, callback_id: Optional[str] = None) -> list[dict[str, Any]]:
        """Modals opened or pushed (as they were at that moment), oldest first, optionally filtered."""
        with self._lock:
            return [copy.deepcopy(view) for user, view in self._opened
                    if user_id in (None, user) and callback_id in (None, view["callback_id"])]

    def modal_stack(self, user_id: str) -> list[dict[str, Any]]:
        """The modal views open for ``user_id`` now, root first (the last one is what they see)."""
        with self._lock:
            return [copy.deepcopy(self._views[v]) for v in self._stacks.get(user_id, [])]

    def top_view(self, user_id: str) -> Optional[dict[str, Any]]:
        """The modal ``user_id`` is looking at, or None."""
        stack = self.modal_stack(user_id)
        return stack[-1] if stack else None

    def apply_view_response(self, view_id: str, body: Any) -> ViewResponse:
        """Do what Slack does with the bot's answer to a view_submission of ``view_id``.

        ``body`` is the HTTP body the bot answered (str/bytes, or already parsed): empty
        closes the view; ``response_action`` ``errors`` keeps it open with the errors;
        ``update`` replaces it; ``push`` stacks a new view (at most 3); ``clear`` closes
        them all. An answer Slack would refuse changes nothing and lists ``problems``.
        """
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        if isinstance(body, str):
            try:
                body = json.loads(body) if body.strip() else None
            except ValueError:
                return ViewResponse("invalid", {}, None, ["[ERROR] the body is not JSON [json-pointer:]"])
        with self._lock:
            user_id, stack = self._stack_holding(view_id)
            if stack is None or stack[-1] != view_id:
                raise ValueError(f"view {view_id} is not the open modal on top of a stack")
            current = self._views[view_id]
            problems = view_response_problems(body, current)
            action = (body or {}).get("response_action", "close") if isinstance(body, dict) else "close"
            if problems:
                return ViewResponse(str(action), {}, None, problems)
            if action == "close":
                stack.pop()
            elif action == "clear":
                stack.clear()
            elif action == "update":
                self._store(body["view"], user_id, view_id=view_id, root_view_id=current["root_view_id"],
                            previous_view_id=current["previous_view_id"])
            elif action == "push":
                if len(stack) >= MAX_VIEW_STACK:
                    return ViewResponse("push", {}, None, ["[ERROR] push_limit_reached [json-pointer:/view]"])
                pushed = self._store(body["view"], user_id, root_view_id=stack[0], previous_view_id=view_id)
                stack.append(pushed["id"])
                self._opened.append((user_id, copy.deepcopy(pushed)))
            if not stack:
                self._stacks.pop(user_id, None)
            top = copy.deepcopy(self._views[stack[-1]]) if stack else None
            return ViewResponse(action, dict(body.get("errors", {})) if action == "errors" else {}, top, [])

    def close_view(self, view_id: str) -> bool:
        """The person closes the modal ``view_id`` (Cancel / ×): pop it, or the whole stack with clear_on_close.

        Returns whether Slack would send a ``view_closed`` (the view has ``notify_on_close``).
        """
        with self._lock:
            user_id, stack = self._stack_holding(view_id)
            if stack is None or stack[-1] != view_id:
                raise ValueError(f"view {view_id} is not the open modal on top of a stack")
            view = self._views[view_id]
            if view["clear_on_close"]:
                stack.clear()
            else:
                stack.pop()
            if not stack:
                self._stacks.pop(user_id, None)
            return bool(view["notify_on_close"])

    def new_view_hash(self, view_id: str) -> str:
        """Change ``view_id``'s hash as if Slack changed the view meanwhile (for hash_conflict tests)."""
        with self._lock:
            self._views[view_id]["hash"] = new_hash()
            return self._views[view_id]["hash"]

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
        elif path.startswith("/_sandbox/"):
            response = self._handle_sandbox(path[len("/_sandbox/"):], request)
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

    def _handle_sandbox(self, path: str, request: Request) -> Response:
        """Helpers for a console in another process: trigger ids, the Home tab, open modals, view answers."""
        args = self._request_args(request)
        if path == "trigger_id" and request.method == "POST":
            return _json_response({"trigger_id": self.new_trigger_id(args.get("user_id"), args.get("view_id"))})
        if path == "home":
            return _json_response({"view": self.home_view(str(args.get("user_id", "")))})
        if path == "modals":
            return _json_response({"views": self.modal_stack(str(args.get("user_id", "")))})
        if path.startswith("views/"):
            return _json_response({"view": self.view(path[len("views/"):])})
        if path == "view_response" and request.method == "POST":
            # The bot's HTTP answer to a view_submission the console sent: play it as Slack would.
            try:
                result = self.apply_view_response(str(args.get("view_id", "")), args.get("body"))
            except ValueError as error:
                return _json_response({"error": str(error)}, status=409)
            return _json_response({"action": result.action, "errors": result.errors, "view": result.view,
                                   "problems": result.problems})
        return Response("not_found", status=404, content_type="text/plain")

    def _handle_api(self, method: str, request: Request) -> Response:
        args = self._request_args(request)
        param_token = args.pop("token", None)
        token = self._bearer_token(request) or param_token
        at, arrived = time.time(), time.monotonic()
        try:
            result = self._dispatch(method, args, token)
        except SlackApiFailure as failure:
            self._record_call(ApiCall(method, dict(args), token, at, arrived, failure.status, failure.error))
            return failure.response()
        self._record_call(ApiCall(method, dict(args), token, at, arrived))
        if method in _EVENT_METHODS:
            self._record_event({"kind": method, "channel": args.get("channel"), "user": args.get("user"),
                                "ts": result.get("ts") or result.get("message_ts"),
                                "text": args.get("text"), "blocks": parse_blocks(args.get("blocks"))})
        return _json_response({"ok": True, **result})

    def _record_call(self, call: ApiCall) -> None:
        with self._lock:
            self._calls.append(call)

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
        headers = {"Retry-After": str(failure.retry_after)} if failure.status == 429 else None
        raise SlackApiFailure(failure.error, failure.status, headers=headers, body=failure.body)

    def _handlers(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.open": self._conversations_open,
            "views.publish": self._views_publish,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
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
        failure = _blocks_failure(blocks)
        if failure:
            raise failure
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

    def dm_channel(self, user_id: str) -> str:
        """The id of ``user_id``'s direct-message channel with the bot (what conversations.open answers)."""
        with self._lock:
            if user_id not in self._dm_channels:
                self._dm_channels[user_id] = f"D{len(self._dm_channels) + 1:08d}"
            return self._dm_channels[user_id]

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

    # -- views.* (called with the lock held) ----------------------------------

    @staticmethod
    def _given(args: dict[str, Any], key: str) -> Optional[str]:
        value = args.get(key)
        return None if value in (None, "") else str(value)

    def _check_external_id(self, view: dict[str, Any], replacing: Optional[str] = None) -> None:
        external_id = view.get("external_id")
        if not external_id:
            return
        for view_id, stored in self._views.items():
            if view_id != replacing and stored.get("external_id") == external_id:
                raise _error("duplicate_external_id")

    def _store(self, view: dict[str, Any], user_id: str, *, view_id: Optional[str] = None,
               root_view_id: Optional[str] = None, previous_view_id: Optional[str] = None) -> dict[str, Any]:
        view_id = view_id or new_view_id()
        stored = stored_view(view, view_id=view_id, team_id=self.team_id, app_id=self.app_id, bot_id=self.bot_id,
                             root_view_id=root_view_id, previous_view_id=previous_view_id)
        self._views[view_id] = stored
        self._view_users[view_id] = user_id
        return stored

    def _checked(self, raw: Any, kind: str) -> dict[str, Any]:
        try:
            return check_view(raw, kind)
        except ViewError as error:
            raise _view_failure(error) from None

    def _exchange_trigger(self, args: dict[str, Any]) -> slack_triggers.Trigger:
        trigger_id = self._given(args, "trigger_id") or self._given(args, "interactivity_pointer")
        trigger, error = slack_triggers.exchange(trigger_id, self.trigger_ttl)
        if error:
            raise _error(error)
        assert trigger is not None
        return trigger

    @staticmethod
    def _require_trigger_arg(args: dict[str, Any]) -> None:
        if args.get("trigger_id") in (None, "") and args.get("interactivity_pointer") in (None, ""):
            raise SlackApiFailure("invalid_arguments", messages=[
                "[ERROR] missing required field: trigger_id [json-pointer:/]"])

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = self._given(args, "user_id")
        if user_id is None or user_id not in self._users:
            raise SlackApiFailure("invalid_arguments", messages=["invalid `user_id`"])
        view = self._checked(args.get("view"), "home")
        current_id = self._homes.get(user_id)
        wanted_hash = self._given(args, "hash")
        if wanted_hash is not None and (current_id is None or self._views[current_id]["hash"] != wanted_hash):
            raise _error("hash_conflict")
        self._check_external_id(view, replacing=current_id)
        stored = self._store(view, user_id, view_id=current_id)
        self._homes[user_id] = stored["id"]
        self._home_history.setdefault(user_id, []).append(copy.deepcopy(stored))
        return {"view": copy.deepcopy(stored)}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        self._require_trigger_arg(args)
        view = self._checked(args.get("view"), "modal")
        self._check_external_id(view)
        trigger = self._exchange_trigger(args)
        user_id = trigger.user_id or ""
        stored = self._store(view, user_id)
        self._stacks[user_id] = [stored["id"]]  # a new modal replaces whatever was open
        self._opened.append((user_id, copy.deepcopy(stored)))
        return {"view": copy.deepcopy(stored)}

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        self._require_trigger_arg(args)
        view = self._checked(args.get("view"), "modal")
        self._check_external_id(view)
        trigger = self._exchange_trigger(args)
        user_id, stack = self._stack_holding(trigger.view_id)
        if stack is None:
            raise _error("not_found")
        if len(stack) >= MAX_VIEW_STACK:
            raise _error("push_limit_reached")
        stored = self._store(view, user_id, root_view_id=stack[0], previous_view_id=stack[-1])
        stack.append(stored["id"])
        self._opened.append((user_id, copy.deepcopy(stored)))
        return {"view": copy.deepcopy(stored)}

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id, external_id = self._given(args, "view_id"), self._given(args, "external_id")
        if view_id is None and external_id is None:
            raise SlackApiFailure("invalid_arguments", messages=[
                "[ERROR] either view_id or external_id is required [json-pointer:/]"])
        if view_id is None:
            view_id = next((v for v, stored in self._views.items() if stored.get("external_id") == external_id), None)
        current = self._views.get(view_id or "")
        if current is None or not self._is_live(current["id"]):
            raise _error("not_found")
        view = self._checked(args.get("view"), current["type"])
        wanted_hash = self._given(args, "hash")
        if wanted_hash is not None and wanted_hash != current["hash"]:
            raise _error("hash_conflict")
        self._check_external_id(view, replacing=current["id"])
        user_id = self._view_users[current["id"]]
        stored = self._store(view, user_id, view_id=current["id"], root_view_id=current["root_view_id"],
                             previous_view_id=current["previous_view_id"])
        if stored["type"] == "home":
            self._home_history.setdefault(user_id, []).append(copy.deepcopy(stored))
        return {"view": copy.deepcopy(stored)}

    def _is_live(self, view_id: str) -> bool:
        """A Home view, or a modal still open on some stack."""
        view = self._views.get(view_id)
        if view is None:
            return False
        return view["type"] == "home" or any(view_id in stack for stack in self._stacks.values())

    def _stack_holding(self, view_id: Optional[str]) -> tuple[str, Optional[list[str]]]:
        for user_id, stack in self._stacks.items():
            if view_id in stack:
                return user_id, stack
        return "", None

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
