"""``python -m fakes.toggl``: serve the Toggl fake from another process (see the package docstring)."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Optional, Sequence

from fakes.toggl import TogglFake


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Serve a fake until SIGTERM/SIGINT after printing its JSON line."""
    parser = argparse.ArgumentParser(prog="python -m fakes.toggl",
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
