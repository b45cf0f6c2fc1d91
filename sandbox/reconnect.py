"""The console across a bot restart: one line, ``bot restarted, reconnecting…``, then it carries on.

The web process restarting under ``make run`` (the supervisor starts it again) refuses
connections for a moment; a whole new ``make run`` also brings a new sandbox, with new
secrets and addresses in the state file. Either way the console waits until the bot and the
fake Slack answer again, takes the new state if there is one, and goes on.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any, Callable

import requests
from urllib3.exceptions import NewConnectionError

RESTARTED = "bot restarted, reconnecting…"
PATIENCE = 60.0  # seconds to wait for the bot to answer again


def never_arrived(error: requests.ConnectionError) -> bool:
    """True when the connection was refused: nothing was sent, so the request can be sent again."""
    cause = error.args[0] if error.args else None
    return isinstance(getattr(cause, "reason", cause), NewConnectionError)


class Reconnector:
    """Called by whichever thread notices the bot is gone: the first one prints the line and waits
    for the bot; the others wait for it to finish. True once the bot answers again."""

    def __init__(self, web_url: str, state_path: Path | None, say: Callable[[str], None],
                 adopt: Callable[[dict[str, Any]], None], current: Callable[[], dict[str, Any]]):
        self._web_url = web_url
        self._state_path = state_path
        self._say = say
        self._adopt = adopt  # take a new sandbox's state (a new `make run`)
        self._current = current
        self._lock = threading.Lock()
        self._back = True

    def __call__(self, patience: float = PATIENCE) -> bool:
        if not self._lock.acquire(blocking=False):
            with self._lock:  # another thread is reconnecting: its answer is ours
                return self._back
        try:
            if self._back:  # once per restart: not again while the bot stays away
                self._say(RESTARTED)
            self._back = self._wait(patience)
            return self._back
        finally:
            self._lock.release()

    def _wait(self, patience: float) -> bool:
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            try:
                state = self._state()
                if state != self._current():
                    self._adopt(state)
                healthy = requests.get(self._web_url + "/healthz", timeout=2).status_code == 200
                if healthy and requests.get(state["slack_base_url"] + "/_sandbox/events", timeout=2).ok:
                    return True
            except (requests.RequestException, OSError, ValueError, KeyError):
                pass  # not back yet, or the new sandbox is still writing its state
            time.sleep(0.3)
        return False

    def _state(self) -> dict[str, Any]:
        if self._state_path is None:
            return self._current()
        return json.loads(self._state_path.read_text())
