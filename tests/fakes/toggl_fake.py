"""A strict local fake of the Toggl Track API v9, for tests, the sandbox and benchmarks.

Use::

    from tests.fakes.toggl_fake import TogglFake

    with TogglFake(rate_limit=False) as fake:
        demo = fake.seed_demo()
        requests.get(fake.url + "/me", auth=(demo["tokens"]["ann@acme.test"], "api_token"))

or, from another process (run in the project root)::

    python -m tests.fakes.toggl_fake --port 0 --seed demo [--no-rate-limit]

which prints one JSON line ``{"url": ..., "tokens": {...}, "workspace_id": ...}``
and serves until SIGTERM/SIGINT.

STRICTER THAN TOGGL, on purpose (the fake exists to catch client bugs):

* a JSON body key the documentation does not list → 400 ``"Unknown field: KEY"``
  (Toggl ignores unknown keys); a value of the wrong JSON type (also a float
  or a bool where an integer is due) → 400 ``"JSON is not valid"``;
* on endpoints whose query parameters are documented, an undocumented one →
  400 ``"Unknown query parameter: NAME"``;
* a wrong kind of id (a global user id where a workspace-user id is due, an
  id from another workspace) never matches anything, because each kind of id
  has its own range (see ``tests/fakes/toggl/state.py``).

Not modelled: email/password login, ``/me``'s separate hourly bucket, the
per-IP part of the rate limit, every endpoint not listed in the package
modules ``routes_*.py`` (they answer 404).

The implementation lives in the package ``tests/fakes/toggl/``: ``server.py``
(pipeline, faults, recording), ``state.py`` (data layout), ``routes_*.py``
(endpoints), ``limits.py`` (rate limit, quota, fault queue), ``demo.py``.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Optional, Sequence

from tests.fakes.toggl import API_PREFIX, RecordedRequest, State, TogglFake

__all__ = ["API_PREFIX", "RecordedRequest", "State", "TogglFake", "main"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Serve a fake until SIGTERM/SIGINT after printing its JSON line."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.toggl_fake",
                                     description="Serve a fake Toggl Track API v9.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--seed", choices=("demo", "none"), default="demo")
    parser.add_argument("--no-rate-limit", action="store_true")
    parser.add_argument("--quota-per-hour", type=int, default=None)
    args = parser.parse_args(argv)

    fake = TogglFake(rate_limit=not args.no_rate_limit, quota_per_hour=args.quota_per_hour,
                     host=args.host, port=args.port)
    demo = fake.seed_demo() if args.seed == "demo" else None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    fake.start()
    line = {
        "url": fake.url,
        "tokens": demo["tokens"] if demo else {},
        "workspace_id": demo["workspace"]["id"] if demo else None,
        "organization_id": demo["org"]["id"] if demo else None,
    }
    print(json.dumps(line), flush=True)
    try:
        while not stop.wait(0.2):
            pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
