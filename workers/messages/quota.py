"""The result of ``quota``: requests left per organization and for ``/me``, and when each bucket resets."""
from __future__ import annotations

import time
from dataclasses import dataclass

from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.text import esc


@dataclass(frozen=True)
class Bucket:
    """One of Toggl's hourly buckets: an organization's, or the ``/me`` one (``organization_id`` None)."""

    organization_id: int | None
    remaining: int
    total: int | None
    resets_in: int
    label: str | None = None  # a bucket the bot named before it knew the organization


def quota_overview(buckets: list[Bucket], workspaces: dict[int, list[str]], closed: dict[str, int], ref: str,
                   *, last_seen: bool = False) -> Message:
    """``Organization 7001 (Acme Design): 27 of 30 left, resets in 41 min (06:30 UTC)``, one line per bucket."""
    title = f"Toggl requests left this hour — ref {ref}"
    lines = [f"• {_name(bucket, workspaces)}: {_left(bucket)}" for bucket in buckets] or ["• Toggl listed nothing."]
    notes = ["Toggl counts requests per organization; `/me` requests have their own bucket."]
    if last_seen:
        notes.insert(0, "Toggl's `/me` quota is used up, so these are the numbers Toggl sent last.")
    for name, wait in sorted(closed.items()):
        notes.append(f"The bot is holding requests to {esc(_bucket_words(name))} until {_clock(wait)}.")
    return ephemeral(title + "\n" + "\n".join(lines), section(f"*{title}*\n" + "\n".join(lines)),
                     context(" ".join(notes)))


def _name(bucket: Bucket, workspaces: dict[int, list[str]]) -> str:
    if bucket.label:
        return esc(_bucket_words(bucket.label))
    if bucket.organization_id is None:
        return "Your own (`/me`) requests"
    names = workspaces.get(bucket.organization_id) or []
    return f"Organization {bucket.organization_id}" + (f" ({esc(', '.join(names))})" if names else "")


def _left(bucket: Bucket) -> str:
    left = f"{max(bucket.remaining, 0)} of {bucket.total} left" if bucket.total else f"{bucket.remaining} left"
    if bucket.remaining < 0:
        left += f" ({-bucket.remaining} over the limit)"
    return f"{left}, resets in {_minutes(bucket.resets_in)} ({_clock(bucket.resets_in)})"


def _minutes(seconds: int) -> str:
    return f"{seconds} s" if seconds < 60 else f"{round(seconds / 60)} min"


def _clock(seconds: int) -> str:
    return time.strftime("%H:%M UTC", time.gmtime(time.time() + seconds))


def _bucket_words(name: str) -> str:
    if name == "me":
        return "your own (/me) requests"
    kind, _, ident = name.partition(":")
    return {"org": f"organization {ident}", "ws": f"workspace {ident}"}.get(kind, name)
