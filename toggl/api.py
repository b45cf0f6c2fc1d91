"""The one Toggl API client: session, auth, pacing, quota memory, retries, errors."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

import requests
from redis import Redis

from toggl.errors import QuotaExhausted, ServerError, TooManyRequests, Unreachable, error_for, quota_headers
from toggl.pacing import Pacer, token_key
from toggl.quota import QuotaBook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """One Toggl call, as data: resource modules build writes as Requests, :meth:`TogglAPI.send` sends them."""

    method: str
    path: str
    body: Any = None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry 429, 5xx and unanswered requests."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int) -> float:
        """Capped exponential backoff before attempt ``attempt + 1``."""
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


class TogglAPI:
    """Calls Toggl API v9 as one token; resource modules build on :meth:`request`."""

    def __init__(self, base_url: str, token: str, redis: Redis, *,
                 timeout: float = 15.0, retry: RetryPolicy = RetryPolicy(),
                 session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.token_id = token_key(token)
        self._pacer = Pacer(redis)
        self._quota = QuotaBook(redis)
        self._timeout = (5.0, timeout)
        self._retry = retry
        self._session = session or requests.Session()
        self._session.headers.setdefault("User-Agent", "toggl-ops-bot (+slack)")
        self.requests_sent = 0

    def __repr__(self) -> str:  # never show the token
        return f"TogglAPI({self.base_url!r}, token_id={self.token_id!r})"

    def get(self, path: str, **params: Any) -> Any:
        """GET ``path`` with query ``params``; the decoded JSON."""
        return self.request("GET", path, params=params or None)

    def send(self, request: Request, read_back: Callable[[], Any] | None = None) -> Any:
        """Send a built request (a write), with ``read_back`` as in :meth:`request`."""
        return self.request(request.method, request.path, json=request.body, read_back=read_back)

    def request(self, method: str, path: str, *, params: dict | None = None,
                json: Any = None, read_back: Callable[[], Any] | None = None) -> Any:
        """Send one call, paced and retried; return decoded JSON (None when empty).

        ``read_back`` is asked before re-sending a request that may already have
        reached Toggl (after a 5xx, a timeout or a dropped connection); when it
        returns something other than None, that is taken as the result. Writes
        that are not idempotent (POST, PATCH, DELETE) should pass one.
        """
        method = method.upper()
        for attempt in range(1, self._retry.attempts + 1):
            try:
                return self._send_once(method, path, params, json)
            except (TooManyRequests, ServerError, Unreachable) as error:
                if attempt == self._retry.attempts:
                    raise
                log.warning("toggl %s %s failed (%s), retry %d in %.1fs", method, path,
                            error.message, attempt, self._retry.delay(attempt))
                time.sleep(self._retry.delay(attempt))
                may_have_landed = not isinstance(error, TooManyRequests)
                if may_have_landed and read_back is not None:
                    found = read_back()
                    if found is not None:
                        log.info("toggl %s %s had landed before the retry", method, path)
                        return found
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_once(self, method: str, path: str, params: dict | None, body: Any) -> Any:
        wait = self._quota.exhausted_for(self.token_id)
        if wait is not None:
            raise QuotaExhausted("Toggl's hourly request quota is used up", wait)
        self._pacer.wait_turn(self.token_id)
        started = time.monotonic()
        try:
            response = self._session.request(
                method, self.base_url + path, params=params, json=body,
                auth=(self._token, "api_token"), timeout=self._timeout)
        except requests.Timeout:
            raise Unreachable("Toggl did not answer in time") from None
        except requests.ConnectionError:
            raise Unreachable("could not reach Toggl") from None
        finally:
            self.requests_sent += 1
        log.info("toggl %s %s -> %s in %.0f ms", method, path, response.status_code,
                 (time.monotonic() - started) * 1000)
        quota = quota_headers(response)
        if quota is not None:
            self._quota.remember(self.token_id, *quota)
        if not response.ok:
            raise error_for(response)
        return _decode(response)


def _decode(response: requests.Response) -> Any:
    if not response.content or not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        return response.text  # DELETE and some POSTs answer with a trivial plain body


def items_of(body: Any) -> list[dict[str, Any]]:
    """A list answer, whether Toggl sent a bare array or ``{"items": [...]}``."""
    if isinstance(body, dict):
        return list(body.get("items") or [])
    return list(body or [])
