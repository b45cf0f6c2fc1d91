"""``python -m workers.healthcheck``: exit 0 when an RQ worker of this host is registered.

For container health checks: the worker process registers itself in Redis and
keeps its registration alive with heartbeats while it runs.
"""
from __future__ import annotations

import socket
import sys

from redis import Redis
from rq import Worker

from bot.settings import load_or_exit


def main() -> int:
    """0 if a live worker of this host answers in Redis, 1 otherwise."""
    settings = load_or_exit()
    try:
        workers = Worker.all(connection=Redis.from_url(settings.redis_url, socket_connect_timeout=2))
    except Exception as error:  # any failure means unhealthy; say which
        print(f"unhealthy: {error.__class__.__name__}", file=sys.stderr)
        return 1
    mine = [w for w in workers if w.hostname == socket.gethostname()]
    print(f"{len(mine)} worker(s) registered on {socket.gethostname()}")
    return 0 if mine else 1


if __name__ == "__main__":
    sys.exit(main())
