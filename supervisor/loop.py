"""The supervisor's loop: start again a process that exits (after a pause that grows, up to a
limit), say ``listening`` once ``/healthz`` answers, and stop everything on SIGINT, SIGTERM or
SIGHUP — the processes it started, in reverse order of starting, then what they leave behind."""
from __future__ import annotations

import signal
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable

from supervisor.children import Child, Output, describe, stop_all

BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)  # seconds before the 1st, 2nd, … start again in a row
STEADY = 30.0  # a process that ran this long before exiting starts a new count
MAX_RESTARTS = 5  # one more quick exit than this and everything stops
HEALTH_PATIENCE = 60.0  # after this long without /healthz answering, say so (once)


class Stopping(Exception):
    """A signal asked the supervisor to stop."""


@dataclass
class Watched:
    """A child and what its exit means."""

    child: Child
    tier: int  # stopped in descending tiers: the Procfile's processes before the sandbox and Redis
    restart: bool = True  # False: its exit stops everything (the sandbox: its fakes and secrets are gone)
    streak: int = 0  # quick exits in a row
    restart_at: float | None = None


class Supervisor:
    """Owns the started processes from the first one on; ``stop()`` ends them all."""

    def __init__(self, out: Output, port: int):
        self.out = out
        self.health_url = f"http://127.0.0.1:{port}/healthz"
        self.received: int | None = None
        self.watched: list[Watched] = []
        self.after_stop: list[Callable[[], None]] = []
        self.up = False  # /healthz has answered 200 once: from now on an exit means a restart
        self.listening = False

    def install_signals(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, frame: object) -> None:
        self.received = signum

    def check(self) -> None:
        """Raise ``Stopping`` once a signal came."""
        if self.received is not None:
            raise Stopping

    def start(self, child: Child, tier: int, restart: bool = True) -> Child:
        child.start()
        self.watched.append(Watched(child, tier, restart))
        return child

    def wait_for(self, ready: Callable[[], bool], child: Child, timeout: float) -> bool:
        """Until ``ready()`` (True), ``child`` exits or ``timeout`` passes (False); a signal raises."""
        deadline = time.monotonic() + timeout
        while not ready():
            self.check()
            if child.exit_status() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def run(self, banner: Callable[[], None]) -> int:
        """Watch the children until a signal (0) or a process that cannot be kept running (1)."""
        started, warned, next_check = time.monotonic(), False, 0.0
        while True:
            if self.received is not None:
                return 0
            now = time.monotonic()
            for watched in self.watched:
                if not self._keep_running(watched, now):
                    return 1
            web = next((w.child for w in self.watched if w.child.name == "web"), None)
            if not self.listening and web is not None and web.exit_status() is None and now >= next_check:
                next_check = now + 0.2
                if self._healthy():
                    self.listening = True
                    banner() if not self.up else self.out.say(f"web answers again on {self.health_url}")
                    self.up = True
                elif not self.up and not warned and now - started > HEALTH_PATIENCE:
                    warned = True
                    self.out.say(f"web has not answered {self.health_url} for {HEALTH_PATIENCE:.0f} s "
                                 "(its output is above); still waiting")
            time.sleep(0.05)

    def _keep_running(self, watched: Watched, now: float) -> bool:
        child = watched.child
        if watched.restart_at is not None:
            if now >= watched.restart_at:
                watched.restart_at = None
                child.start()
                self.out.say(f"{child.name} started again (pid {child.pid})")
            return True
        status = child.exit_status()
        if status is None:
            return True
        if not watched.restart or not self.up:
            when = "" if self.up else " before the bot was up"
            self.out.say(f"{child.name} exited ({describe(status)}){when}; stopping everything")
            return False
        watched.streak = watched.streak + 1 if child.uptime() < STEADY else 1
        if watched.streak > MAX_RESTARTS:
            self.out.say(f"{child.name} exited {watched.streak} times in a row, each within {STEADY:.0f} s of "
                         f"starting ({describe(status)} the last time); stopping everything")
            return False
        delay = BACKOFF[min(watched.streak, len(BACKOFF)) - 1]
        self.out.say(f"{child.name} exited ({describe(status)}); starting it again in {delay:g} s")
        watched.restart_at = now + delay
        if child.name == "web":
            self.listening = False
        return True

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=1) as answer:
                return answer.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        """Stop every started process, the last tier first, then run the clean-up steps."""
        if self.received is not None:
            self.out.say(f"{signal.Signals(self.received).name} received: stopping everything")
        for tier in sorted({w.tier for w in self.watched}, reverse=True):
            stop_all([w.child for w in self.watched if w.tier == tier])
        for step in self.after_stop:
            step()
        if self.watched:
            self.out.say("stopped")
