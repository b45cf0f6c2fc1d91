"""The Toggl error tree, built from a status table (as github3.py does)."""
from __future__ import annotations

import json

import requests


class TogglError(Exception):
    """Any failure talking to Toggl; ``message`` is Toggl's own reason when it gave one."""

    status: int | None = None

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    @property
    def refused(self) -> bool:
        """Toggl answered and refused (4xx): the request did not change anything.

        A 5xx or no answer at all may mean it did."""
        return self.status is not None and 400 <= self.status < 500


class BadRequest(TogglError):
    """400: Toggl refused the values."""

    status = 400


class Unauthorized(TogglError):
    """401: no credentials reached Toggl."""

    status = 401


class PaymentRequired(TogglError):
    """402 without quota headers: the workspace's plan lacks the feature."""

    status = 402


class QuotaExhausted(PaymentRequired):
    """402 with quota headers: the hourly request quota of one bucket (an organization, or ``me``)
    is used up."""

    def __init__(self, message: str, resets_in: int, bucket: str = ""):
        super().__init__(message, 402)
        self.resets_in = resets_in
        self.bucket = bucket


class Forbidden(TogglError):
    """403: wrong token, no admin rights, or an id of the wrong kind."""

    status = 403


class NotFound(TogglError):
    """404: the thing does not exist (in this workspace)."""

    status = 404


class Conflict(TogglError):
    """409: the change conflicts with the current state."""

    status = 409


class TooManyRequests(TogglError):
    """429: over the 1 request/second limit (retried by the client)."""

    status = 429


class ServerError(TogglError):
    """5xx: Toggl failed (retried by the client)."""


class Unreachable(TogglError):
    """No answer: connection refused or dropped, or a timeout (retried by the client)."""


STATUS_ERRORS: dict[int, type[TogglError]] = {
    400: BadRequest,
    401: Unauthorized,
    402: PaymentRequired,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: TooManyRequests,
}
QUOTA_REMAINING = "X-Toggl-Quota-Remaining"
QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In"


def quota_headers(response: requests.Response) -> tuple[int, int] | None:
    """``(remaining, resets_in_seconds)`` when Toggl sent its quota headers."""
    remaining = response.headers.get(QUOTA_REMAINING)
    resets_in = response.headers.get(QUOTA_RESETS_IN)
    if remaining is None or resets_in is None:
        return None
    try:
        return int(float(remaining)), max(0, int(float(resets_in)))
    except ValueError:
        return None


def error_for(response: requests.Response) -> TogglError:
    """The exception for a non-2xx response."""
    status = response.status_code
    message = _reason(response)
    quota = quota_headers(response)
    if status == 402 and quota is not None and quota[0] <= 0:
        return QuotaExhausted(message, quota[1])
    cls = STATUS_ERRORS.get(status, ServerError if status >= 500 else TogglError)
    return cls(message, status)


def _reason(response: requests.Response) -> str:
    """Toggl's message: a JSON string, a JSON object's message, or short plain text."""
    text = response.text.strip()
    if not text or "html" in response.headers.get("Content-Type", "") or text.startswith("<"):
        return f"{response.status_code} {response.reason or ''}".strip()
    try:
        body = json.loads(text)
    except ValueError:
        return text[:300]
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        for key in ("message", "error", "error_message"):
            if isinstance(body.get(key), str):
                return body[key]
    return text[:300]
