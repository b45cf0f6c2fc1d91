"""Interim notes while a job waits (never ``✅``/``❌``: only final messages are)."""
from __future__ import annotations

import time

from bot.messages.blocks import Message, ephemeral


def deferred(ref: str, summary: str, resets_in: int) -> Message:
    """The quota is used up; the job will run once it resets."""
    at = time.strftime("%H:%M UTC", time.gmtime(time.time() + resets_in))
    minutes = max(1, round(resets_in / 60))
    return ephemeral(f"⏸ Toggl's hourly request quota is used up. “{summary}” will run at {at} "
                     f"(in about {minutes} min) — ref {ref}")
