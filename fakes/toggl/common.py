"""Errors, replies, timestamps and request checks shared by the fake's routes.

Every error a route raises is an :class:`ApiError`. By default its message is
sent as a JSON-encoded string (``"Invalid timezone"``) with
``Content-Type: application/json``, which is what Toggl does for its 4xx
answers; ``plain=True`` sends it as ``text/plain`` instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any, Iterable, Mapping, Optional

from werkzeug.datastructures import MultiDict

INVALID_JSON = "JSON is not valid"
NO_ACCESS = "User does not have access to this resource."
PREMIUM_PLANS = ("starter", "premium", "enterprise")
BUSINESS_PLANS = ("premium", "enterprise")
RATE_MODES = ("start-today", "override-current", "override-all")

# Type specs for JSON body fields.
INT = "int"
NUM = "number"
BOOL = "bool"
STR = "str"
INT_LIST = "int_list"
STR_LIST = "str_list"

_EMPTY = object()


class ApiError(Exception):
    """An error answer: status, message and how the message is encoded."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        plain: bool = False,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.plain = plain
        self.headers = dict(headers or {})


@dataclass
class Reply:
    """A successful answer. ``body`` is JSON-encoded unless it is EMPTY."""

    status: int = 200
    body: Any = _EMPTY

    @property
    def empty(self) -> bool:
        """True when the answer has no body at all."""
        return self.body is _EMPTY


def bad_request(message: str) -> ApiError:
    """400 with a JSON string body."""
    return ApiError(400, message)


def forbidden(message: str = NO_ACCESS) -> ApiError:
    """403 with a JSON string body."""
    return ApiError(403, message)


def not_found(message: str) -> ApiError:
    """404 with a JSON string body."""
    return ApiError(404, message)


def payment_required(message: str) -> ApiError:
    """402 with a JSON string body (a plan limitation, not the quota)."""
    return ApiError(402, message)


def now_iso() -> str:
    """The current UTC time as an RFC 3339 string."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def iso(moment: datetime) -> str:
    """An aware datetime as an RFC 3339 string in UTC."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def today_start() -> datetime:
    """Midnight UTC of today."""
    return datetime.combine(datetime.now(timezone.utc).date(), time(), tzinfo=timezone.utc)


def parse_moment(text: str) -> Optional[datetime]:
    """Parse ``YYYY-MM-DD`` or an RFC 3339 date-time; None when invalid."""
    if not isinstance(text, str) or not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=timezone.utc)
        except ValueError:
            return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def type_ok(value: Any, spec: str) -> bool:
    """Whether a decoded JSON value has the type ``spec`` (Go-like strictness)."""
    if spec == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if spec == NUM:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if spec == BOOL:
        return isinstance(value, bool)
    if spec == STR:
        return isinstance(value, str)
    if spec == INT_LIST:
        return isinstance(value, list) and all(type_ok(v, INT) for v in value)
    if spec == STR_LIST:
        return isinstance(value, list) and all(type_ok(v, STR) for v in value)
    raise ValueError(f"unknown type spec {spec!r}")


def decode_json(raw: bytes) -> Any:
    """Decode a request body; empty → None; invalid → 400 "JSON is not valid"."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request(INVALID_JSON) from None


def parse_object(raw: bytes, schema: Mapping[str, str]) -> dict:
    """Decode a JSON object body and check it against ``schema`` (key → type).

    An empty body or ``null`` gives ``{}``. Unknown keys → 400
    ``"Unknown field: KEY"``; a wrong type → 400 ``"JSON is not valid"``.
    ``null`` values are kept (routes treat them as "not given").
    """
    data = decode_json(raw)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise bad_request(INVALID_JSON)
    for key in data:
        if key not in schema:
            raise bad_request(f"Unknown field: {key}")
    for key, value in data.items():
        if value is not None and not type_ok(value, schema[key]):
            raise bad_request(INVALID_JSON)
    return data


def given(body: Mapping[str, Any], key: str) -> bool:
    """True when ``key`` is present in the body with a non-null value."""
    return body.get(key) is not None


def check_query(args: MultiDict, allowed: Iterable[str]) -> None:
    """Reject query parameters that the endpoint does not document."""
    allowed_set = set(allowed)
    for key in args.keys():
        if key not in allowed_set:
            raise bad_request(f"Unknown query parameter: {key}")


def query_bool(args: MultiDict, name: str) -> Optional[bool]:
    """A boolean query parameter (``true``/``false``), None when absent."""
    value = args.get(name)
    if value is None:
        return None
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise bad_request(f"Invalid {name}")


def query_int(args: MultiDict, name: str, minimum: int = 1) -> Optional[int]:
    """A positive integer query parameter, None when absent."""
    value = args.get(name)
    if value is None:
        return None
    if not value.isdigit() or int(value) < minimum:
        raise bad_request(f"Invalid {name}")
    return int(value)


def query_int_list(args: MultiDict, name: str) -> Optional[list[int]]:
    """A comma-separated (or repeated) list of integer ids, None when absent."""
    values = args.getlist(name)
    if not values:
        return None
    result: list[int] = []
    for chunk in values:
        for part in chunk.split(","):
            part = part.strip()
            if not part.isdigit():
                raise bad_request(f"Invalid {name}")
            result.append(int(part))
    return result
