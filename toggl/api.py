"""The one Toggl API client: session, auth, pacing, quota memory, retries, errors."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

import requests
from redis import Redis

from toggl.errors import (
    QuotaExhausted,
    ServerError,
    TogglError,
    TooManyRequests,
    Unreachable,
    error_for,
    quota_headers,
)
from toggl.pacing import Pacer, token_key
from toggl.quota import QuotaBook

log = logging.getLogger(__name__)
# (method, HTTP status or None when nothing came back, quota bucket, X-Toggl-Quota-Remaining or None)
ResponseObserver = Callable[[str, int | None, str, int | None], None]


@dataclass(frozen=True)
class Request:
    """One Toggl call, as data: resource modules build writes as Requests, :meth:`TogglAPI.send` sends them."""

    method: str
    path: str
    body: Any = None


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before each retry, by kind of failure; past the last, the failure stands.

    ``429``: 5, 15, then 60 s — Toggl sends no ``Retry-After``, and clients that
    retried faster drained their hourly quota. 5xx and unanswered requests are
    retried sooner, and only after a read-back when the write may have landed.
    """

    too_many: tuple[float, ...] = (5.0, 15.0, 60.0)
    failed: tuple[float, ...] = (0.5, 1.0, 2.0)

    def delay(self, error: TogglError, retry: int) -> float | None:
        """Seconds before retry number ``retry`` (from 1) after ``error``; None: give up."""
        schedule = self.too_many if isinstance(error, TooManyRequests) else self.failed
        return schedule[retry - 1] if retry <= len(schedule) else None


class TogglAPI:
    """Calls Toggl API v9 as one token; resource modules build on :meth:`request`.

    ``on_response`` is told about every request sent (each retry too): the caller's metrics.
    """

    def __init__(self, base_url: str, token: str, redis: Redis, *,
                 timeout: float = 15.0, retry: RetryPolicy = RetryPolicy(),
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep,
                 on_response: ResponseObserver | None = None, interval: float = 1.0):
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.token_id = token_key(token)
        self._sleep = sleep
        self._pacer = Pacer(redis, interval=interval, sleep=sleep)  # Toggl: about one request a second
        self.quota = QuotaBook(redis)
        self._timeout = (5.0, timeout)
        self._retry = retry
        self._session = session or requests.Session()
        self._session.headers.setdefault("User-Agent", "toggl-ops-bot (+slack)")
        self.requests_sent = 0
        self._on_response = on_response

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
        retries = {TooManyRequests: 0, TogglError: 0}
        while True:
            try:
                return self._send_once(method, path, params, json)
            except (TooManyRequests, ServerError, Unreachable) as error:
                kind = TooManyRequests if isinstance(error, TooManyRequests) else TogglError
                retries[kind] += 1
                delay = self._retry.delay(error, retries[kind])
                if delay is None:
                    raise
                log.warning("toggl %s %s failed (%s), retry %d in %.1fs", method, path,
                            error.message, retries[kind], delay)
                if isinstance(error, TooManyRequests):
                    self._pacer.hold(self.token_id, delay)  # every process backs off; the next turn waits
                else:
                    self._sleep(delay)
                if kind is TogglError and read_back is not None:  # a 5xx or no answer: it may have landed
                    found = read_back()
                    if found is not None:
                        log.info("toggl %s %s had landed before the retry", method, path)
                        return found

    def _send_once(self, method: str, path: str, params: dict | None, body: Any) -> Any:
        bucket = self.quota.bucket_of(path)
        wait = self.quota.closed_for(self.token_id, bucket)
        if wait is not None:
            raise QuotaExhausted("Toggl's hourly request quota is used up", wait, bucket)
        self._pacer.wait_turn(self.token_id)
        started = time.monotonic()
        response = None
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
            if response is None:
                self._observe(method, None, bucket, None)
        log.info("toggl %s %s -> %s in %.0f ms", method, path, response.status_code,
                 (time.monotonic() - started) * 1000)
        quota = quota_headers(response)
        self._observe(method, response.status_code, bucket, quota[0] if quota else None)
        if quota is not None:
            self.quota.remember(self.token_id, bucket, *quota)
        if not response.ok:
            error = error_for(response)
            if isinstance(error, QuotaExhausted):
                error.bucket = bucket
                self.quota.close(self.token_id, bucket, error.resets_in)
            raise error
        body = _decode(response)
        self._learn_organizations(path, body)
        return body

    def _observe(self, method: str, status: int | None, bucket: str, remaining: int | None) -> None:
        if self._on_response is not None:
            try:
                self._on_response(method, status, bucket, remaining)
            except Exception:  # metrics never fail a request
                log.exception("the Toggl response observer failed")

    def _learn_organizations(self, path: str, body: Any) -> None:
        """Workspace records name their organization: requests to the workspace count there."""
        records = body if isinstance(body, list) and path == "/me/workspaces" else [body]
        if path.startswith("/workspaces/") and path.count("/") == 2 or path == "/me/workspaces":
            for record in records:
                if isinstance(record, dict) and record.get("id") and record.get("organization_id"):
                    self.quota.learn_organization(int(record["id"]), int(record["organization_id"]))


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
