"""Refuse request bodies over 64 KiB before they are read (SPEC §11).

A signed Slack request or a Toggl webhook event is a few KiB; a body over the
limit is refused with HTTP 413 from its ``Content-Length`` alone, before a
byte of it is read (and before the signature check, which needs the body).
A body without a length (chunked) is read at most one byte past the limit.
"""
from __future__ import annotations

from flask import Flask, Response, jsonify, request

MAX_BODY = 64 * 1024


def refuse_large_bodies(app: Flask, limit: int = MAX_BODY) -> None:
    """Answer 413 to any POST whose body is over ``limit`` bytes, reading at most ``limit + 1``."""
    app.config["MAX_CONTENT_LENGTH"] = limit + 1  # werkzeug stops reading a stream there

    @app.before_request
    def _refuse_large_body() -> tuple[Response, int] | None:
        if request.method != "POST":
            return None
        length = request.content_length
        if length is not None and length > limit:
            return _too_large(limit)
        if length is None and len(request.get_data()) > limit:  # cached for the route that follows
            return _too_large(limit)
        return None


def _too_large(limit: int) -> tuple[Response, int]:
    response = jsonify(error=f"request body over {limit // 1024} KiB")
    response.headers["Connection"] = "close"  # the rest of the body is not read
    return response, 413
