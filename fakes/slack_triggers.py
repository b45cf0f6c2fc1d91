"""Trigger ids, as Slack issues them: one per interaction, exchangeable once, for 3 seconds.

Slack puts a ``trigger_id`` in every slash command, shortcut, ``block_actions`` and
``view_submission`` payload; ``views.open`` / ``views.push`` must exchange it
"within 3 seconds of receiving it" and only once (errors ``invalid_trigger_id``,
``expired_trigger_id``, ``exchanged_trigger_id`` on the views.open / views.push
method pages).

The request builders (``fakes.slack_requests``) and ``SlackFake.new_trigger_id()``
issue ids through this process-wide ledger, so a payload built in a test carries a
trigger the fake in the same process recognises. A process that talks to a fake in
another process (the sandbox console) asks that fake for one:
``POST /_sandbox/trigger_id``.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Optional

# "Pass a valid trigger_id within 3 seconds of receiving it" (Bolt docs, opening modals).
TRIGGER_TTL_SECONDS = 3.0
_FORGET_AFTER_SECONDS = 600.0


@dataclass
class Trigger:
    """One issued trigger id: who it belongs to, where it came from, whether it was used."""

    trigger_id: str
    issued_at: float  # time.monotonic()
    user_id: Optional[str] = None
    view_id: Optional[str] = None  # the modal the interaction came from (views.push stacks on it)
    exchanged: bool = False


_lock = threading.Lock()
_issued: dict[str, Trigger] = {}


def issue(user_id: Optional[str] = None, view_id: Optional[str] = None) -> str:
    """Mint and remember a trigger id shaped like Slack's (``"13345224609.738474920.8088…"``)."""
    trigger_id = f"{secrets.randbelow(10**12):012d}.{secrets.randbelow(10**11):011d}.{uuid.uuid4().hex}"
    now = time.monotonic()
    with _lock:
        for stale in [t for t, trig in _issued.items() if now - trig.issued_at > _FORGET_AFTER_SECONDS]:
            del _issued[stale]
        _issued[trigger_id] = Trigger(trigger_id, now, user_id, view_id)
    return trigger_id


def lookup(trigger_id: str) -> Optional[Trigger]:
    """The ledger entry for ``trigger_id`` (a copy), or None if it was never issued here."""
    with _lock:
        trigger = _issued.get(trigger_id)
        return None if trigger is None else Trigger(**vars(trigger))


def exchange(trigger_id: object, ttl: float = TRIGGER_TTL_SECONDS) -> tuple[Optional[Trigger], Optional[str]]:
    """Use ``trigger_id`` once: return (trigger, None) or (None, Slack's error code)."""
    if not isinstance(trigger_id, str) or not trigger_id:
        return None, "invalid_trigger_id"
    with _lock:
        trigger = _issued.get(trigger_id)
        if trigger is None:
            return None, "invalid_trigger_id"
        if trigger.exchanged:
            return None, "exchanged_trigger_id"
        if time.monotonic() - trigger.issued_at > ttl:
            return None, "expired_trigger_id"
        trigger.exchanged = True
        return Trigger(**vars(trigger)), None


def age(trigger_id: str, seconds: float) -> None:
    """Pretend ``trigger_id`` was issued ``seconds`` earlier (for expiry tests)."""
    with _lock:
        if trigger_id in _issued:
            _issued[trigger_id].issued_at -= seconds
