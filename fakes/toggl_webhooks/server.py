"""The HTTP side of the webhooks fake: pipeline, recording, faults, server thread.

Pipeline for every request, in order:

1. path outside ``/webhooks/api/v1`` → 404 ``Not Found`` (plain);
2. routing: unknown route → 404 ``Not Found`` (plain), wrong method → 405;
3. on routes that need basic auth (all but ``/validate``, ``/event_filters``,
   ``/limits``, ``/status``, which PDW lists without security): exactly the v9
   fake's rules — no ``Authorization`` → 401, empty body,
   ``X-Authorization-Missing: true``; unknown token, password other than
   ``api_token`` or a non-basic scheme → 403 ``Incorrect username and/or password``;
4. the first queued fault whose ``path_prefix`` matches (``faults.py``);
5. the handler (it takes its own locks; see ``routes.py``).
"""

from __future__ import annotations

import base64
import binascii
import json
import socket
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Optional

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, RequestRedirect, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from fakes.toggl.common import ApiError, Reply
from fakes.toggl.limits import FaultQueue

from .context import Call, Route
from .faults import with_fault
from .routes import ROUTES

if TYPE_CHECKING:  # pragma: no cover
    from .fake import TogglWebhooksFake

API_PREFIX = "/webhooks/api/v1"
# Not Toggl's: the sandbox console's way to make Toggl send an event (the fake binds to 127.0.0.1 only).
SANDBOX_EMIT = "/_sandbox/emit"
AUTH_403 = "Incorrect username and/or password"


@dataclass
class RecordedRequest:
    """One request as the fake saw it.

    ``path`` is below ``/webhooks/api/v1`` (the full path outside it); ``json``
    is the decoded body or None; ``headers`` leave out ``Authorization``;
    ``status`` is what was answered (0 when the connection was dropped).
    """

    method: str
    path: str
    query: dict
    json: Any
    headers: dict
    token: Optional[str]
    status: int
    at: float
    body: bytes = b""
    dropped: bool = False
    user_id: Optional[int] = field(default=None)


class _QuietHandler(WSGIRequestHandler):
    """werkzeug's handler without the access log lines."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:  # noqa: D102
        pass


def _plain(text: str, status: int, headers: Optional[dict] = None) -> Response:
    return Response(text, status, headers=headers, mimetype="text/plain")


def _json(payload: Any, status: int) -> Response:
    return Response(json.dumps(payload), status, mimetype="application/json")


def _decoded(raw: bytes) -> Any:
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
    """Request handling and the server thread; ``TogglWebhooksFake`` builds on it."""

    def __init__(self, host: str, port: int) -> None:
        self.requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._faults = FaultQueue()
        self._map = Map([Rule(r.rule, methods=[r.method], endpoint=f"{r.method} {r.rule}")
                         for r in ROUTES], merge_slashes=False)
        self._routes: dict[str, Route] = {f"{r.method} {r.rule}": r for r in ROUTES}
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
                                        name=f"toggl-webhooks-fake-{self._port}", daemon=True)
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
        """Base URL, e.g. ``http://127.0.0.1:PORT/webhooks/api/v1`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the fake is not started")
        return f"http://{self._host}:{self._port}{API_PREFIX}"

    # ------------------------------------------------------------- WSGI
    def wsgi_app(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point (also usable without the server thread)."""
        request = Request(environ)
        raw = request.get_data(cache=True)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        record = RecordedRequest(request.method, request.path, request.args.to_dict(),
                                 _decoded(raw), headers, None, 0, time.monotonic(), raw)
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

    def _sandbox_emit(self, raw: bytes) -> Response:
        """``{"workspace_id", "entity", "action", "payload"}`` → deliver it like Toggl; the answer lists the
        status code each subscription's callback gave."""
        try:
            asked = json.loads(raw or b"{}")
            deliveries = self.emit(int(asked["workspace_id"]), asked["entity"], asked["action"],  # type: ignore
                                   payload=asked.get("payload"))
        except (ValueError, KeyError, TypeError) as error:
            return Response(json.dumps({"error": str(error)}), 400, mimetype="application/json")
        return Response(json.dumps({"deliveries": [d.status for d in deliveries]}), 200, mimetype="application/json")

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
        start_response("500 Dropped", [("Content-Length", "0")])
        return [b""]

    def _pipeline(self, request: Request, raw: bytes,
                  record: RecordedRequest) -> Optional[Response]:
        path = request.path
        if path == SANDBOX_EMIT and request.method == "POST":
            return self._sandbox_emit(raw)
        if not path.startswith(API_PREFIX + "/"):
            return _plain("Not Found", 404)
        sub = record.path = path[len(API_PREFIX):]
        try:
            endpoint, params = self._map.bind("toggl.fake").match(sub, method=request.method)
        except MethodNotAllowed as error:
            return _plain("Method Not Allowed", 405,
                          {"Allow": ", ".join(sorted(error.valid_methods or []))})
        except (NotFound, RequestRedirect):
            return _plain("Not Found", 404)
        route = self._routes[endpoint]
        user = None
        header = request.headers.get("Authorization")
        if header:
            record.token, password = _basic_credentials(header)
            user = self._user_for(record.token) if password == "api_token" else None
            record.user_id = user["id"] if user else None
        if route.auth and not header:
            return Response(b"", 401, headers={"X-Authorization-Missing": "true"})
        if route.auth and user is None:
            return _plain(AUTH_403, 403)
        call = Call(fake=self._fake(), user=user, args=request.args, raw=raw)
        return with_fault(self._faults.take(sub), lambda: self._run(route, call, params),
                          self._stopping)

    def _user_for(self, token: Optional[str]) -> Optional[dict]:
        state = self._fake().toggl.state
        with state.lock:
            user = state.user_by_token(token) if token else None
            return dict(user) if user else None

    @staticmethod
    def _run(route: Route, call: Call, params: dict) -> Response:
        try:
            reply: Reply = route.handler(call, **params)
        except ApiError as error:
            response = (_plain(error.message, error.status) if error.plain
                        else _json(error.message, error.status))
            response.headers.update(error.headers)
            return response
        return Response(b"", reply.status) if reply.empty else _json(reply.body, reply.status)

    def _fake(self) -> "TogglWebhooksFake":
        return self  # type: ignore[return-value]
