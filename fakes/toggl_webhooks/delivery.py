"""Outgoing calls to callback URLs: bodies, the signature, sending, recording.

Every POST to a ``url_callback`` (a ping or an event) is made synchronously in
the calling thread with ``Content-Type: application/json`` and
``X-Webhook-Signature-256: sha256=<lowercase hex HMAC-SHA256(secret, raw body)>``,
and is recorded as a :class:`Delivery`. Bodies are compact JSON (no spaces), as
in the docs' "raw form" example.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlsplit

import requests

SIGNATURE_HEADER = "X-Webhook-Signature-256"


def sign(secret: str, body: bytes) -> str:
    """The signature header value: ``sha256=`` + hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def encode(body: dict) -> bytes:
    """Compact JSON bytes, keys in the given order."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def ping_body(subscription_id: int, creator_id: int, url_callback: str, moment: str,
              validation_code: Optional[str], validation_code_url: Optional[str]) -> bytes:
    """The PING event; the two validation fields only for non-validated subscriptions."""
    body: dict[str, Any] = {
        "event_id": 0, "created_at": moment, "creator_id": creator_id,
        "metadata": {"request_type": "POST", "event_user_id": creator_id},
        "payload": "ping", "subscription_id": subscription_id, "timestamp": moment,
        "url_callback": url_callback,
    }
    if validation_code is not None:
        body["validation_code"] = validation_code
        body["validation_code_url"] = validation_code_url
    return encode(body)


def event_fields(event_id: int, created_at: str, creator_id: int, metadata: dict,
                 payload: Any, subscription_id: int, timestamp: str, url_callback: str) -> dict:
    """An event body as a dict (research §9.6), in the documented key order."""
    return {"event_id": event_id, "created_at": created_at, "creator_id": creator_id,
            "metadata": metadata, "payload": payload, "subscription_id": subscription_id,
            "timestamp": timestamp, "url_callback": url_callback}


@dataclass
class Delivery:
    """One POST to a callback URL, as sent and as answered.

    ``kind`` is "ping" or "event"; ``status`` is 0 when no answer came
    (then ``error`` says why, Go-style: ``Post "URL": …``).
    """

    kind: str
    subscription_id: int
    event_id: int
    url: str
    body: bytes
    signature: str
    status: int
    response_body: bytes
    error: Optional[str]
    at: float

    @property
    def ok(self) -> bool:
        """Whether the callback answered 2xx."""
        return 200 <= self.status < 300

    @property
    def json(self) -> Any:
        """The sent body, decoded."""
        return json.loads(self.body)

    def response_json(self) -> Any:
        """The callback's answer decoded as JSON, or None."""
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None

    def url_problem(self, accept_any_2xx: bool = False) -> Optional[str]:
        """The documented 400 message for a failed URL check, or None if it passed.

        POST/PATCH (and pings) need exactly 200; PUT accepts any 2xx.
        """
        if self.error is not None:
            return f"URL endpoint {self.url} request failed with error: {self.error}"
        if self.status == 200 or (accept_any_2xx and self.ok):
            return None
        wanted = "2xx" if accept_any_2xx else "200"
        return f"URL endpoint {self.url} responded with status {self.status} instead of {wanted}"


def _no_request_reason(url: str) -> Optional[str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f'unsupported protocol scheme "{parts.scheme}"'
    if not parts.hostname:
        return "http: no Host in request URL"
    return None


def _error_text(url: str, error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        reason = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
    elif isinstance(error, requests.ConnectionError):
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        reason = f"dial tcp {parts.hostname}:{port}: connect: connection refused"
    else:
        reason = str(error)
    return f'Post "{url}": {reason}'


class Sender:
    """Sends signed bodies and keeps the list of every attempt."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deliveries: list[Delivery] = []
        self._lock = threading.Lock()

    def send(self, kind: str, subscription_id: int, event_id: int, url: str, body: bytes,
             signature: str) -> Delivery:
        """POST ``body`` to ``url`` with the given signature; record and return it."""
        status, answer, error = 0, b"", _no_request_reason(url)
        if error is not None:
            error = f'Post "{url}": {error}'
        else:
            headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
            try:
                with requests.Session() as session:
                    session.trust_env = False  # never through a proxy
                    response = session.post(url, data=body, headers=headers,
                                            timeout=self.timeout, allow_redirects=False)
                status, answer = response.status_code, response.content
            except requests.RequestException as exc:
                error = _error_text(url, exc)
        delivery = Delivery(kind, subscription_id, event_id, url, body, signature, status,
                            answer, error, time.monotonic())
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def recorded(self, kind: Optional[str] = None,
                 subscription_id: Optional[int] = None) -> list[Delivery]:
        """Recorded attempts, filtered by kind and subscription."""
        with self._lock:
            return [d for d in self.deliveries
                    if (kind is None or d.kind == kind)
                    and (subscription_id is None or d.subscription_id == subscription_id)]

    def clear(self) -> None:
        """Forget the recorded attempts."""
        with self._lock:
            self.deliveries.clear()


_COLLECTIONS = {"client": "clients", "project": "projects", "project_group": "project_groups",
                "project_user": "project_users", "tag": "tags", "task": "tasks",
                "time_entry": "time_entries", "workspace_user": "workspace_users"}
_REQUEST_TYPES = {"created": "POST", "updated": "PUT", "deleted": "DELETE"}


def event_metadata(workspace_id: int, entity: str, action: str, payload: Any, event_user_id: int,
                   path: Optional[str] = None, request_type: Optional[str] = None) -> dict:
    """Default ``metadata`` of an event: string values, in the order LEG shows.

    ``path`` defaults to a plausible v9 path (``/api/v9/workspaces/{wid}/projects``,
    plus ``/{id}`` unless created); ``{entity}_id`` is added when the payload has an id.
    """
    object_id = payload.get("id") if isinstance(payload, dict) else None
    if path is None:
        path = f"/api/v9/workspaces/{workspace_id}"
        if entity != "workspace":
            path += f"/{_COLLECTIONS[entity]}"
            if action != "created" and object_id is not None:
                path += f"/{object_id}"
    metadata = {"path": path, "model": entity, "action": action}
    if object_id is not None and entity != "workspace":
        metadata[f"{entity}_id"] = str(object_id)
    metadata["request_type"] = request_type or _REQUEST_TYPES[action]
    metadata["workspace_id"] = str(workspace_id)
    metadata["event_user_id"] = str(event_user_id)
    return metadata
