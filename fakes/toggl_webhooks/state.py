"""The webhooks fake's own records: subscriptions, attempted events, plan limits.

Users, workspaces and roles are NOT stored here: they are read from the
Toggl v9 fake's ``State`` (under its lock) by ``routes.py`` and ``fake.py``.
Hold ``HooksState.lock`` (an RLock) when reading or changing several records,
and never take the v9 state's lock while holding it (no nested locking).
"""

from __future__ import annotations

import itertools
import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Optional

# GET /event_filters: entity → actions (entity wire names: research §9.3).
ENTITIES = ("client", "project", "project_group", "project_user", "tag", "task",
            "time_entry", "workspace", "workspace_user")
ACTIONS = ("created", "updated", "deleted")
WILDCARD = "*"
# plan → (max enabled subscriptions per user and workspace, max event filters per
# subscription); research §9.8. Enterprise is "custom": the fake uses Premium's.
PLAN_LIMITS = {"free": (1, 3), "starter": (2, 6), "premium": (3, 12), "enterprise": (3, 12)}
SUBSCRIPTION_ID_START = 50000
EVENT_ID_START = 900000


def stamp() -> str:
    """Now, RFC 3339 UTC with microseconds (``2022-05-31T02:50:45.984607Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def stamp_ns() -> str:
    """Now, RFC 3339 UTC with nanoseconds, as in event bodies."""
    ns = time.time_ns()
    whole = datetime.fromtimestamp(ns // 1_000_000_000, timezone.utc)
    return f"{whole:%Y-%m-%dT%H:%M:%S}.{ns % 1_000_000_000:09d}Z"


def new_secret() -> str:
    """A generated subscription secret: 20 letters, like the docs' example."""
    return "".join(secrets.choice(string.ascii_letters) for _ in range(20))


def new_validation_code() -> str:
    """A validation code: 32 lowercase hex digits, like the docs' example."""
    return secrets.token_hex(16)


def filter_matches(filters: list[dict], entity: str, action: str) -> bool:
    """Whether any ``{entity, action}`` filter matches (``*`` matches all)."""
    return any(f["entity"] in (WILDCARD, entity) and f["action"] in (WILDCARD, action)
               for f in filters)


@dataclass
class Subscription:
    """One subscription. ``pending`` = created, its URL check still running."""

    subscription_id: int
    workspace_id: int
    user_id: int
    enabled: bool
    description: str
    event_filters: list[dict]
    url_callback: str
    secret: str
    validation_code: str
    created_at: str
    updated_at: str
    validated_at: Optional[str] = None
    deleted_at: Optional[str] = None
    pending: bool = False

    def api(self, has_pending_events: bool) -> dict:
        """The ``models.WebhookSubscription`` shape (research §9.2)."""
        return {
            "subscription_id": self.subscription_id, "workspace_id": self.workspace_id,
            "user_id": self.user_id, "enabled": self.enabled, "description": self.description,
            "event_filters": [dict(f) for f in self.event_filters],
            "url_callback": self.url_callback, "secret": self.secret,
            "validated_at": self.validated_at, "has_pending_events": has_pending_events,
            "created_at": self.created_at, "updated_at": self.updated_at,
            "deleted_at": self.deleted_at,
        }


@dataclass
class StoredEvent:
    """An event attempted for one subscription (the ``…/events`` endpoint)."""

    event_id: int
    subscription_id: int
    body: bytes
    fields: dict
    failed_delivery_attempts: int = 0
    last_delivery_attempt: Optional[str] = None
    last_delivery_error: Optional[str] = None
    delivered: bool = False

    def api(self) -> dict:
        """The event as ``GET /subscriptions/{wid}/{sid}/events`` lists it."""
        return {**self.fields, "failed_delivery_attempts": self.failed_delivery_attempts,
                "last_delivery_attempt": self.last_delivery_attempt,
                "last_delivery_error": self.last_delivery_error}


@dataclass
class HooksState:
    """All subscriptions and attempted events, guarded by ``lock``."""

    lock: Any = field(default_factory=threading.RLock)
    subscriptions: dict[int, Subscription] = field(default_factory=dict)
    events: dict[int, list[StoredEvent]] = field(default_factory=dict)
    limit_overrides: dict[int, tuple[int, int]] = field(default_factory=dict)
    _sub_ids: Any = field(default_factory=lambda: itertools.count(SUBSCRIPTION_ID_START + 1))
    _event_ids: Any = field(default_factory=lambda: itertools.count(EVENT_ID_START + 1))

    def next_subscription_id(self) -> int:
        """A fresh subscription id."""
        with self.lock:
            return next(self._sub_ids)

    def next_event_id(self) -> int:
        """A fresh event id."""
        with self.lock:
            return next(self._event_ids)

    def limits(self, workspace_id: int, plan: str) -> tuple[int, int]:
        """(max enabled subscriptions per user, max filters per subscription)."""
        with self.lock:
            return self.limit_overrides.get(workspace_id, PLAN_LIMITS[plan])

    def listed(self, workspace_id: int, user_id: Optional[int] = None) -> list[Subscription]:
        """Saved subscriptions of a workspace (of one creator when ``user_id``)."""
        with self.lock:
            return sorted((s for s in self.subscriptions.values()
                           if s.workspace_id == workspace_id and not s.pending
                           and (user_id is None or s.user_id == user_id)),
                          key=lambda s: s.subscription_id)

    def enabled_count(self, workspace_id: int, user_id: int, exclude: Optional[int] = None) -> int:
        """Enabled subscriptions (pending ones too) of a creator in a workspace."""
        with self.lock:
            return sum(1 for s in self.subscriptions.values()
                       if s.workspace_id == workspace_id and s.user_id == user_id
                       and s.enabled and s.subscription_id != exclude)

    def description_taken(self, workspace_id: int, description: str,
                          exclude: Optional[int] = None) -> bool:
        """Whether another subscription of the workspace has this description."""
        with self.lock:
            return any(s.workspace_id == workspace_id and s.description == description
                       and s.subscription_id != exclude for s in self.subscriptions.values())

    def has_pending_events(self, subscription_id: int) -> bool:
        """Whether an attempted event of the subscription is still undelivered."""
        with self.lock:
            return any(not e.delivered for e in self.events.get(subscription_id, []))

    def api(self, sub: Subscription) -> dict:
        """A subscription's API shape, with ``has_pending_events`` filled in."""
        with self.lock:
            return sub.api(self.has_pending_events(sub.subscription_id))

    def stored_event(self, subscription_id: int, event_id: int) -> Optional[StoredEvent]:
        """The attempted event ``event_id`` of a subscription, or None."""
        with self.lock:
            return next((e for e in self.events.get(subscription_id, [])
                         if e.event_id == event_id), None)
