"""Which Redis ``make run`` uses, and the ``redis-server`` it starts when it needs its own.

The rule: a Redis this run did not start is never flushed and never stopped. In sandbox mode
(without ``REDIS_URL``) the run always starts its own on a free port, with its data in a
directory of its own under ``var/`` that it removes when it stops: a Redis left behind by an
earlier run is neither reused nor wiped, only pointed out. Otherwise ``REDIS_URL``'s Redis is
used if it answers; if it does not and it is on this machine, a ``redis-server`` is started on
its port with its data under ``var/`` (kept between runs) and stopped at the end.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import redis

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class OwnRedis:
    """A ``redis-server`` this run starts: its port, data directory and files under ``var``."""

    port: int
    data_dir: Path
    password: str | None = None
    scratch: bool = False  # the data directory is this run's alone: removed at the end

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def log_file(self, var: Path) -> Path:
        """``var/redis-sandbox.log`` for the sandbox's (one for all runs), else ``var/redis-<port>.log``."""
        return var / ("redis-sandbox.log" if self.scratch else f"redis-{self.port}.log")

    def argv(self, var: Path) -> list[str]:
        """The command line: bound to 127.0.0.1, AOF, a pidfile and a log file under ``var``."""
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data_dir),
                "--appendonly", "yes", "--save", "", "--pidfile", str(pidfile(var, self.port)),
                "--logfile", str(self.log_file(var))]
        return [*args, "--requirepass", self.password] if self.password else args


def pidfile(var: Path, port: int) -> Path:
    return var / f"redis-{port}.pid"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    """Does something answer at ``url`` like a Redis (a refused password counts)?"""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
        return True
    except redis.AuthenticationError:
        return True
    except (redis.ConnectionError, redis.TimeoutError):
        return False
    finally:
        client.close()


def is_local(url: str) -> bool:
    return (urlsplit(url).hostname or "localhost") in LOCAL_HOSTS


def for_url(url: str, var: Path) -> OwnRedis:
    """The ``redis-server`` to start for a local ``url`` that does not answer (data kept in ``var``)."""
    parts = urlsplit(url)
    return OwnRedis(parts.port or 6379, var, parts.password)


def for_sandbox(var: Path) -> OwnRedis:
    """A fresh ``redis-server`` on a free port, its data in ``var/redis-<port>/`` (emptied first)."""
    port = free_port()
    data_dir = var / f"redis-{port}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    return OwnRedis(port, data_dir, scratch=True)


def leftovers(var: Path) -> list[tuple[int, int]]:
    """(pid, port) of ``redis-server``s an earlier run started here and left running."""
    found = []
    for path in sorted(var.glob("redis-*.pid")):
        try:
            pid, port = int(path.read_text().strip()), int(path.stem.split("-", 1)[1])
        except ValueError:
            continue
        name = subprocess.run(["ps", "-p", str(pid), "-o", "comm="], capture_output=True, text=True,
                              check=False).stdout.strip()
        if name.startswith("redis-server"):
            found.append((pid, port))
        else:
            path.unlink(missing_ok=True)  # its Redis is gone: the file is stale
    return found


def cleanup(own: OwnRedis, var: Path) -> None:
    """After the run's own ``redis-server`` stopped: its pidfile, and its data if it was a scratch copy
    (its log stays, in case it has something to say)."""
    pidfile(var, own.port).unlink(missing_ok=True)
    if own.scratch:
        shutil.rmtree(own.data_dir, ignore_errors=True)


def installed() -> bool:
    return shutil.which("redis-server") is not None
