"""``TogglWebhooksFake``: the public face of the webhooks fake (seeding, events, observing, faults)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable, Optional

from fakes.toggl.limits import Fault

from .delivery import Delivery, Sender, encode, event_fields, event_metadata, sign
from .server import HttpSide, RecordedRequest
from .state import (
    ACTIONS,
    ENTITIES,
    HooksState,
    StoredEvent,
    Subscription,
    filter_matches,
    new_secret,
    new_validation_code,
    stamp,
    stamp_ns,
)

if TYPE_CHECKING:  # pragma: no cover
    from fakes.toggl import TogglFake


class TogglWebhooksFake(HttpSide):
    """A strict local Toggl Webhooks API v1 on 127.0.0.1, over a TogglFake's users.

    ``delivery_timeout``: seconds each POST to a callback URL may take.
    """

    def __init__(self, toggl_fake: "TogglFake", host: str = "127.0.0.1", port: int = 0,
                 delivery_timeout: float = 5.0) -> None:
        super().__init__(host, port)
        self.toggl = toggl_fake
        self.state = HooksState()
        self.sender = Sender(delivery_timeout)

    def __enter__(self) -> "TogglWebhooksFake":
        self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    # ------------------------------------------------------------ seeding
    def set_limits(self, workspace_id: int, max_webhooks: int, max_events_per_webhook: int) -> None:
        """Override a workspace's plan limits (e.g. an Enterprise "custom" plan)."""
        with self.state.lock:
            self.state.limit_overrides[workspace_id] = (max_webhooks, max_events_per_webhook)

    def add_subscription(self, workspace_id: int, user_id: int, url_callback: str,
                         event_filters: Iterable[dict] = ({"entity": "*", "action": "*"},),
                         description: Optional[str] = None, enabled: bool = True,
                         validated: bool = True, secret: Optional[str] = None) -> dict:
        """Store a subscription directly (no checks, no ping); returns its API shape."""
        with self.toggl.state.lock:
            if self.toggl.state.workspace_user_of(workspace_id, user_id) is None:
                raise ValueError(f"user {user_id} is not in workspace {workspace_id}")
        with self.state.lock:
            sid, now = self.state.next_subscription_id(), stamp()
            sub = Subscription(sid, workspace_id, user_id, enabled,
                               description or f"Subscription {sid}",
                               [dict(f) for f in event_filters], url_callback,
                               secret or new_secret(), new_validation_code(), now, now,
                               validated_at=now if validated else None)
            self.state.subscriptions[sid] = sub
            return self.state.api(sub)

    # ---------------------------------------------------------- observing
    def subscriptions(self, workspace_id: Optional[int] = None) -> list[dict]:
        """API shapes of the saved subscriptions (of one workspace when given)."""
        with self.state.lock:
            return [self.state.api(s) for s in sorted(self.state.subscriptions.values(),
                                                       key=lambda s: s.subscription_id)
                    if not s.pending and workspace_id in (None, s.workspace_id)]

    def validation_code(self, subscription_id: int) -> str:
        """The current validation code of a subscription."""
        with self.state.lock:
            return self.state.subscriptions[subscription_id].validation_code

    def events_for(self, subscription_id: int) -> list[dict]:
        """Attempted events of a subscription, as the ``…/events`` endpoint shows them."""
        with self.state.lock:
            return [e.api() for e in self.state.events.get(subscription_id, [])]

    def requests_for(self, method: Optional[str] = None,
                     path_prefix: Optional[str] = None) -> list[RecordedRequest]:
        """Recorded requests filtered by method and path prefix (below /webhooks/api/v1)."""
        with self._requests_lock:
            return [r for r in self.requests
                    if (method is None or r.method == method.upper())
                    and (path_prefix is None or r.path.startswith(path_prefix))]

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._requests_lock:
            self.requests.clear()

    @property
    def deliveries(self) -> list[Delivery]:
        """Every POST made to a callback URL (pings and events), oldest first."""
        return self.sender.recorded()

    def deliveries_for(self, kind: Optional[str] = None,
                       subscription_id: Optional[int] = None) -> list[Delivery]:
        """Recorded deliveries filtered by kind ("ping"/"event") and subscription."""
        return self.sender.recorded(kind, subscription_id)

    def clear_deliveries(self) -> None:
        """Forget the recorded deliveries."""
        self.sender.clear()

    # ------------------------------------------------------------- faults
    def fail_next(self, status: int, count: int = 1, body: Any = None,
                  headers: Optional[dict] = None, path_prefix: Optional[str] = None,
                  apply: bool = False) -> None:
        """Answer the next ``count`` matching requests with a canned response
        (``apply=True``: carry the request out first, replace only its answer)."""
        self._faults.add(Fault("fail", count, path_prefix, status=status, body=body,
                               headers=dict(headers or {}), apply=apply))

    def delay_next(self, seconds: float, count: int = 1, path_prefix: Optional[str] = None,
                   after: bool = False) -> None:
        """Sleep before (``after=True``: after) handling the next matching requests."""
        self._faults.add(Fault("delay", count, path_prefix, seconds=seconds, apply=after))

    def drop_next(self, count: int = 1, path_prefix: Optional[str] = None,
                  apply: bool = False) -> None:
        """Close the connection of the next matching requests unanswered."""
        self._faults.add(Fault("drop", count, path_prefix, apply=apply))

    def reset_faults(self) -> None:
        """Drop queued faults."""
        self._faults.clear()

    # ------------------------------------------------------------- events
    def emit(self, workspace_id: int, entity: str, action: str, payload: Any = None,
             event_user_id: Optional[int] = None, event_id: Optional[int] = None,
             metadata: Optional[dict] = None, path: Optional[str] = None,
             request_type: Optional[str] = None) -> list[Delivery]:
        """Deliver one event now to every enabled, validated, matching subscription.

        ``event_user_id`` (global user id; default the workspace's first admin)
        is who made the change; a subscription whose creator is not an admin
        only gets that creator's own events. ``metadata`` adds/overrides keys.
        Returns the attempts (one per subscription) in subscription order.
        """
        if entity not in ENTITIES or action not in ACTIONS:
            raise ValueError(f"unknown entity/action {entity!r}/{action!r}")
        roles = self._roles(workspace_id)
        if event_user_id is None:
            event_user_id = min((uid for uid, role in roles.items() if role == "admin"),
                                default=None)
            if event_user_id is None:
                raise ValueError(f"workspace {workspace_id} has no admin to act")
        with self.state.lock:
            targets = [(s.subscription_id, s.user_id, s.url_callback, s.secret)
                       for s in sorted(self.state.subscriptions.values(),
                                       key=lambda s: s.subscription_id)
                       if s.workspace_id == workspace_id and s.enabled and not s.pending
                       and s.validated_at is not None
                       and filter_matches(s.event_filters, entity, action)]
            event_id = self.state.next_event_id() if event_id is None else event_id
        payload = {} if payload is None else payload
        meta = {**event_metadata(workspace_id, entity, action, payload, event_user_id, path,
                                 request_type), **(metadata or {})}
        created_at, deliveries = stamp_ns(), []
        for sid, creator, url, secret in targets:
            role = roles.get(creator)
            if role is None or (role != "admin" and creator != event_user_id):
                continue
            fields = event_fields(event_id, created_at, event_user_id, meta, payload, sid,
                                  stamp_ns(), url)
            body = encode(fields)
            delivery = self.sender.send("event", sid, event_id, url, body, sign(secret, body))
            self._note_attempt(delivery)
            deliveries.append(delivery)
        return deliveries

    def redeliver(self, delivery: Delivery) -> Delivery:
        """Send a recorded delivery again: same URL, same body bytes, same signature."""
        again = self.sender.send(delivery.kind, delivery.subscription_id, delivery.event_id,
                                 delivery.url, delivery.body, delivery.signature)
        if again.kind == "event":
            self._note_attempt(again)
        return again

    def _roles(self, workspace_id: int) -> dict[int, str]:
        state = self.toggl.state
        with state.lock:
            if workspace_id not in state.workspaces:
                raise ValueError(f"no workspace {workspace_id}")
            return {wu["uid"]: wu["role"] for wu in state.members(workspace_id)
                    if wu["active"] and not wu["inactive"]}

    def _note_attempt(self, delivery: Delivery) -> None:
        """Update the stored event (the ``…/events`` counters) after an attempt."""
        with self.state.lock:
            if delivery.subscription_id not in self.state.subscriptions:
                return
            event = self.state.stored_event(delivery.subscription_id, delivery.event_id)
            if event is None:
                event = StoredEvent(delivery.event_id, delivery.subscription_id, delivery.body,
                                    json.loads(delivery.body))
                self.state.events.setdefault(delivery.subscription_id, []).append(event)
            event.last_delivery_attempt = stamp()
            event.delivered = delivery.ok
            if delivery.ok:
                event.last_delivery_error = None
            else:
                event.failed_delivery_attempts += 1
                event.last_delivery_error = delivery.url_problem(accept_any_2xx=True)

