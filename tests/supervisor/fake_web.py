"""A stand-in for the Procfile's web process: ``/healthz`` answers 503 for its first
``FAKE_WEB_SLOW`` seconds, then 200; the wall-clock time of its first 200 goes to ``FAKE_WEB_MARK``."""
from __future__ import annotations

import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STARTED = time.monotonic()
SLOW = float(os.environ.get("FAKE_WEB_SLOW", "0"))
MARK = os.environ.get("FAKE_WEB_MARK", "")


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        ready = time.monotonic() - STARTED >= SLOW
        if ready and MARK and not os.path.exists(MARK):
            with open(MARK, "w") as mark:
                mark.write(repr(time.time()))
        self.send_response(200 if ready else 503)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


if __name__ == "__main__":
    host, port = os.environ["GUNICORN_BIND"].rsplit(":", 1)
    ThreadingHTTPServer((host, int(port)), Health).serve_forever()
