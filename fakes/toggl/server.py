"""The HTTP side of the fake: request pipeline, recording, faults, server thread.

Pipeline for every request, in order:

1. path outside ``/api/v9`` → 404 ``Not Found`` (plain);
2. no ``Authorization`` header → 401, empty body, ``X-Authorization-Missing: true``;
   unknown token, password other than ``api_token`` or a non-basic scheme →
   403 ``Incorrect username and/or password`` (plain);
3. rate limit (per token) → 429 HTML page, no ``Retry-After``;
4. hourly quota (per token and bucket, see ``limits.bucket_of``: ``/me`` and
   ``/me/…`` → the user's own bucket; ``/organizations/{oid}/…`` → that
   organization's; ``/workspaces/{wid}/…`` → the organization of ``wid``, or a
   bucket of its own for an unknown ``wid``; any other path → the user's own
   bucket) → 402 JSON string + quota headers;
5. the first queued fault whose ``path_prefix`` matches (fail / delay / drop);
6. routing: unknown route → 404 ``Not Found`` (plain), wrong method → 405;
   the handler runs holding ``state.lock``.

Every response after step 2 whose bucket has an enforced quota
(``quota_per_hour`` or ``set_quota``) carries ``X-Toggl-Quota-Remaining`` and
``X-Toggl-Quota-Resets-In`` of that bucket. Requests are counted per bucket
even without an enforced quota (for ``GET /me/quota``).
"""

from __future__ import annotations

import base64
import binascii
import json
import socket
import threading
import time
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Iterable, Optional

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, RequestRedirect, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .common import ApiError, Reply
from .context import Ctx, Route
from .limits import Bucket, FaultQueue, QuotaBook, RateLimiter, bucket_of
from .routes import ALL_ROUTES
from .state import State

API_PREFIX = "/api/v9"
AUTH_403 = "Incorrect username and/or password"
QUOTA_402 = ("You have hit your hourly quota for API calls. "
             "Please wait for the quota to reset before making more requests.")
HTML_429 = (
    "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    "<center><h1>429 Too Many Requests</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class RecordedRequest:
    """One request as the fake saw it.

    ``path`` is below ``/api/v9`` (the full path for requests outside it);
    ``json`` is the decoded body or None; ``status`` is what was answered
    (0 when the connection was dropped without an answer).
    """

    method: str
    path: str
    query: dict
    json: Any
    token: Optional[str]
    status: int
    at: float
    body: bytes = b""
    dropped: bool = False


class _QuietHandler(WSGIRequestHandler):
    """werkzeug's handler without the access log lines."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:  # noqa: D102
        pass


def _build_map(routes: Iterable[Route]) -> tuple[Map, dict[str, Route]]:
    rules, handlers = [], {}
    for route in routes:
        endpoint = f"{route.method} {route.rule}"
        rules.append(Rule(route.rule, methods=[route.method], endpoint=endpoint))
        handlers[endpoint] = route
    return Map(rules, merge_slashes=False), handlers


def _plain(text: str, status: int, headers: Optional[dict] = None) -> Response:
    return Response(text, status, headers=headers, mimetype="text/plain")


def _json(payload: Any, status: int) -> Response:
    return Response(json.dumps(payload), status, mimetype="application/json")


def _decode_for_record(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except ValueError:
        return None


def _basic_credentials(header: str) -> tuple[Optional[str], Optional[str]]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else (user, None)


class HttpSide:
    """Request handling and the server thread; TogglFake builds on it."""

    def __init__(self, rate_limit: bool, quota_per_hour: Optional[int],
                 host: str, port: int, min_interval: float = 0.9) -> None:
        self.state = State()
        self.requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._limiter = RateLimiter(enabled=rate_limit, min_interval=min_interval)
        self._quotas = QuotaBook(quota_per_hour)
        self._faults = FaultQueue()
        self._map, self._handlers = _build_map(ALL_ROUTES)
        self._host, self._port = host, port
        self._server: Optional[BaseWSGIServer] = None
        self._thread: Optional[threading.Thread] = None
        self._stopping = threading.Event()

    # ---------------------------------------------------------- lifecycle
    def start(self) -> "HttpSide":
        """Serve in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("already started")
        self._stopping.clear()
        self._server = make_server(self._host, self._port, self.wsgi_app, threaded=True,
                                   request_handler=_QuietHandler)
        self._port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"toggl-fake-{self._port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (wakes requests sleeping in ``delay_next``)."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:PORT/api/v9`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the fake is not started")
        return f"http://{self._host}:{self._port}{API_PREFIX}"

    # ------------------------------------------------------------- WSGI
    def wsgi_app(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point (also usable without the server thread)."""
        request = Request(environ)
        raw = request.get_data(cache=True)
        record = RecordedRequest(method=request.method, path=request.path,
                                 query=request.args.to_dict(), json=_decode_for_record(raw),
                                 token=None, status=0, at=time.monotonic(), body=raw)
        try:
            response = self._pipeline(request, raw, record)
        except Exception:  # a bug in the fake: answer 500 and show it
            traceback.print_exc()
            response = _plain(traceback.format_exc(), 500)
        if response is None:
            record.dropped = True
            self._record(record)
            return self._drop(environ, start_response)
        record.status = response.status_code
        self._record(record)
        return response(environ, start_response)

    def _record(self, record: RecordedRequest) -> None:
        with self._requests_lock:
            self.requests.append(record)

    @staticmethod
    def _drop(environ: dict, start_response: Any) -> Iterable[bytes]:
        sock: Optional[socket.socket] = environ.get("werkzeug.socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        # Writing to the shut-down socket raises BrokenPipeError, which
        # werkzeug treats as a dropped connection: nothing reaches the client.
        start_response("500 Dropped", [("Content-Length", "0")])
        return [b""]

    def _pipeline(self, request: Request, raw: bytes,
                  record: RecordedRequest) -> Optional[Response]:
        path = request.path
        if path != API_PREFIX and not path.startswith(API_PREFIX + "/"):
            return _plain("Not Found", 404)
        sub = path[len(API_PREFIX):] or "/"
        record.path = sub
        header = request.headers.get("Authorization")
        if not header:
            return Response(b"", 401, headers={"X-Authorization-Missing": "true"})
        token, password = _basic_credentials(header)
        record.token = token
        with self.state.lock:
            user = self.state.user_by_token(token) if token else None
            bucket = bucket_of(self.state.workspaces, sub)
        if user is None or password != "api_token":
            return _plain(AUTH_403, 403)
        return self._authorized(request, sub, raw, user, token, bucket)

    def _authorized(self, request: Request, sub: str, raw: bytes, user: dict,
                    token: str, bucket: Bucket) -> Optional[Response]:
        now = time.monotonic()
        if not self._limiter.allow(token, now):
            response = Response(HTML_429, 429, mimetype="text/html")
            return self._add_quota_headers(response, self._quotas.peek(token, bucket, now))
        quota = self._quotas.consume(token, bucket, now)
        if quota is not None and not quota[0]:
            return self._add_quota_headers(_json(QUOTA_402, 402), quota[1:])
        numbers = quota[1:] if quota is not None else None
        fault = self._faults.take(sub)
        if fault is not None and fault.kind == "fail":
            if fault.apply:
                self._route(request, sub, raw, user, token)
            return self._add_quota_headers(self._canned(fault), numbers, fault.headers)
        if fault is not None and fault.kind == "delay" and fault.apply:
            response = self._route(request, sub, raw, user, token)
            self._stopping.wait(fault.seconds)
            return self._add_quota_headers(response, numbers)
        if fault is not None and fault.kind == "delay":
            self._stopping.wait(fault.seconds)
        if fault is not None and fault.kind == "drop":
            if fault.apply:
                self._route(request, sub, raw, user, token)
            return None
        response = self._route(request, sub, raw, user, token)
        return self._add_quota_headers(response, numbers)

    @staticmethod
    def _add_quota_headers(response: Response, numbers: Optional[tuple[int, int]],
                           extra: Optional[dict] = None) -> Response:
        if numbers is not None:
            response.headers["X-Toggl-Quota-Remaining"] = str(numbers[0])
            response.headers["X-Toggl-Quota-Resets-In"] = str(numbers[1])
        for key, value in (extra or {}).items():
            response.headers[key] = value
        return response

    @staticmethod
    def _canned(fault: Any) -> Response:
        status, body = fault.status, fault.body
        if body is None:
            if status == 429:
                return Response(HTML_429, 429, mimetype="text/html")
            if status == 401:
                return Response(b"", 401, headers={"X-Authorization-Missing": "true"})
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "Error"
            return _plain(phrase, status) if status >= 500 else _json(phrase, status)
        if isinstance(body, (str, bytes)):
            text = body.decode() if isinstance(body, bytes) else body
            mimetype = "text/html" if text.lstrip().startswith("<") else "text/plain"
            return Response(text, status, mimetype=mimetype)
        return _json(body, status)

    def _route(self, request: Request, sub: str, raw: bytes, user: dict,
               token: str) -> Response:
        adapter = self._map.bind("toggl.fake")
        try:
            endpoint, params = adapter.match(sub, method=request.method)
        except MethodNotAllowed as error:
            allow = ", ".join(sorted(error.valid_methods or []))
            return _plain("Method Not Allowed", 405, {"Allow": allow})
        except (NotFound, RequestRedirect):
            return _plain("Not Found", 404)
        route = self._handlers[endpoint]
        ctx = Ctx(state=self.state, user=user, token=token, method=request.method,
                  path=sub, args=request.args, raw=raw,
                  quota_status=lambda bucket, plan_total: self._quotas.status(
                      token, bucket, plan_total, time.monotonic()))
        with self.state.lock:
            try:
                reply = route.handler(ctx, **params)
            except ApiError as error:
                response = (_plain(error.message, error.status) if error.plain
                            else _json(error.message, error.status))
                response.headers.update(error.headers)
                return response
        return self._reply_response(reply)

    @staticmethod
    def _reply_response(reply: Reply) -> Response:
        if reply.empty:
            return Response(b"", reply.status)
        return _json(reply.body, reply.status)
