"""Queued faults (the v9 fake's ``Fault``/``FaultQueue``) applied to one request."""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from typing import Callable, Optional

from werkzeug.wrappers import Response

from fakes.toggl.limits import Fault


def with_fault(fault: Optional[Fault], run: Callable[[], Response],
               stopping: threading.Event) -> Optional[Response]:
    """Run the request under ``fault``: None = dropped connection.

    fail → canned answer (``apply``: run first); delay → sleep before (``apply``:
    after) running; drop → no answer (``apply``: run first).
    """
    if fault is None:
        return run()
    if fault.kind == "delay":
        if fault.apply:
            response = run()
            stopping.wait(fault.seconds)
            return response
        stopping.wait(fault.seconds)
        return run()
    if fault.apply:
        run()
    return None if fault.kind == "drop" else canned(fault)


def canned(fault: Fault) -> Response:
    """Like the v9 fake: 401 → empty; 5xx → plain phrase; others → JSON phrase;
    a str/bytes body as plain text; any other body JSON-encoded."""
    status, body = fault.status, fault.body
    if body is None and status == 401:
        response = Response(b"", 401, headers={"X-Authorization-Missing": "true"})
    elif body is None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        response = (Response(phrase, status, mimetype="text/plain") if status >= 500
                    else Response(json.dumps(phrase), status, mimetype="application/json"))
    elif isinstance(body, (str, bytes)):
        response = Response(body, status, mimetype="text/plain")
    else:
        response = Response(json.dumps(body), status, mimetype="application/json")
    response.headers.update(fault.headers)
    return response
