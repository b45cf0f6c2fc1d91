"""The Webhooks API v1 endpoints (PDW: Toggl's Swagger for the webhooks service).

Each handler gets a :class:`~.context.Call` and the path parameters, returns a
``Reply`` or raises ``ApiError`` (sent as a JSON string, like the v9 fake).
Handlers take the locks they need themselves and hold none while calling a
callback URL, so the receiver may call the fake back (e.g. ``validation_code_url``).
"""

from __future__ import annotations

from fakes.toggl.common import ApiError, Reply, bad_request, check_query, query_int

from .checks import (
    STATE_SCHEMA,
    SUBSCRIPTION_SCHEMA,
    description_of,
    description_taken,
    filters_of,
    limit_reached,
    parse_body,
)
from .context import (
    ALREADY_VALIDATED,
    CODE_NOT_FOUND,
    Call,
    Route,
    access,
    find,
    ping,
    unvalidated_code,
)
from .state import ACTIONS, ENTITIES, Subscription, new_secret, new_validation_code, stamp


def list_subscriptions(call: Call, workspace_id: int) -> Reply:
    """GET /subscriptions/{wid}: admins see all, others their own."""
    _, is_admin = access(call, workspace_id)
    hooks = call.fake.state
    with hooks.lock:
        subs = hooks.listed(workspace_id, None if is_admin else call.user["id"])
        return Reply(200, [hooks.api(s) for s in subs])


def create_subscription(call: Call, workspace_id: int) -> Reply:
    """POST /subscriptions/{wid}: checks, then the URL ping, then the answer."""
    plan, _ = access(call, workspace_id)
    body = parse_body(call.raw, SUBSCRIPTION_SCHEMA)
    hooks, uid = call.fake.state, call.user["id"]
    max_subs, max_filters = hooks.limits(workspace_id, plan)
    description = description_of(body)
    filters = filters_of(body, max_filters)
    enabled = body.get("enabled") is True
    with hooks.lock:
        if hooks.description_taken(workspace_id, description):
            raise description_taken(description, workspace_id)
        if enabled and hooks.enabled_count(workspace_id, uid) >= max_subs:
            raise limit_reached(uid, max_subs, workspace_id)
        now = stamp()
        sub = Subscription(hooks.next_subscription_id(), workspace_id, uid, enabled, description,
                           filters, body.get("url_callback") or "",
                           body.get("secret") or new_secret(), new_validation_code(), now, now,
                           pending=True)
        hooks.subscriptions[sub.subscription_id] = sub
    delivery, echoed = ping(call, sub, sub.url_callback, sub.secret, sub.validation_code)
    with hooks.lock:
        problem = delivery.url_problem()
        if problem is not None:
            hooks.subscriptions.pop(sub.subscription_id, None)
            raise bad_request(problem)
        sub.pending = False
        if echoed and sub.validated_at is None:
            sub.validated_at = stamp()
        return Reply(200, hooks.api(sub))


def update_subscription(call: Call, workspace_id: int, subscription_id: int) -> Reply:
    """PUT /subscriptions/{wid}/{sid}: replaces the writable fields (URL check: 2xx)."""
    plan, is_admin = access(call, workspace_id)
    body = parse_body(call.raw, SUBSCRIPTION_SCHEMA)
    sub = find(call, workspace_id, subscription_id, is_admin)
    hooks = call.fake.state
    max_subs, max_filters = hooks.limits(workspace_id, plan)
    description = description_of(body)
    filters = filters_of(body, max_filters)
    enabled, url = body.get("enabled") is True, body.get("url_callback") or ""
    with hooks.lock:
        if hooks.description_taken(workspace_id, description, exclude=subscription_id):
            raise description_taken(description, workspace_id)
        if enabled and hooks.enabled_count(workspace_id, sub.user_id,
                                           exclude=subscription_id) >= max_subs:
            raise limit_reached(sub.user_id, max_subs, workspace_id)
        secret = body.get("secret") or sub.secret
        url_changed = url != sub.url_callback
        code = new_validation_code() if url_changed else unvalidated_code(sub)
    delivery, echoed = ping(call, sub, url, secret, code)
    problem = delivery.url_problem(accept_any_2xx=True)
    if problem is not None:
        raise bad_request(problem)
    with hooks.lock:
        sub = find(call, workspace_id, subscription_id, is_admin)
        if url_changed:
            sub.validation_code, sub.validated_at = code, None
        sub.description, sub.event_filters, sub.enabled = description, filters, enabled
        sub.url_callback, sub.secret, sub.updated_at = url, secret, stamp()
        if echoed and sub.validated_at is None:
            sub.validated_at = stamp()
        return Reply(200, hooks.api(sub))


def patch_subscription(call: Call, workspace_id: int, subscription_id: int) -> Reply:
    """PATCH /subscriptions/{wid}/{sid} ``{"enabled": bool}``; enabling pings (200)."""
    plan, is_admin = access(call, workspace_id)
    body = parse_body(call.raw, STATE_SCHEMA)
    sub = find(call, workspace_id, subscription_id, is_admin)
    hooks, enabled, echoed = call.fake.state, body.get("enabled") is True, False
    max_subs, _ = hooks.limits(workspace_id, plan)
    with hooks.lock:
        turning_on = enabled and not sub.enabled
        if turning_on and hooks.enabled_count(workspace_id, sub.user_id,
                                              exclude=subscription_id) >= max_subs:
            raise limit_reached(sub.user_id, max_subs, workspace_id)
        url, secret, code = sub.url_callback, sub.secret, unvalidated_code(sub)
    if turning_on:
        delivery, echoed = ping(call, sub, url, secret, code)
        problem = delivery.url_problem()
        if problem is not None:
            raise bad_request(problem)
    with hooks.lock:
        sub = find(call, workspace_id, subscription_id, is_admin)
        if sub.enabled != enabled:
            sub.enabled, sub.updated_at = enabled, stamp()
        if echoed and sub.validated_at is None:
            sub.validated_at = stamp()
        return Reply(200, hooks.api(sub))


def delete_subscription(call: Call, workspace_id: int, subscription_id: int) -> Reply:
    """DELETE /subscriptions/{wid}/{sid}: answers the deleted subscription."""
    _, is_admin = access(call, workspace_id)
    hooks = call.fake.state
    with hooks.lock:
        sub = find(call, workspace_id, subscription_id, is_admin)
        sub.deleted_at = stamp()
        answer = hooks.api(sub)
        del hooks.subscriptions[subscription_id]
        hooks.events.pop(subscription_id, None)
        return Reply(200, answer)


def ping_subscription(call: Call, workspace_id: int, subscription_id: int) -> Reply:
    """POST /ping/{wid}/{sid}: a PING now; ``{"status": "OK"}`` or the URL problem."""
    _, is_admin = access(call, workspace_id)
    sub = find(call, workspace_id, subscription_id, is_admin)
    with call.fake.state.lock:
        url, secret, code = sub.url_callback, sub.secret, unvalidated_code(sub)
    delivery, echoed = ping(call, sub, url, secret, code)
    with call.fake.state.lock:
        if echoed and sub.validated_at is None and sub.validation_code == code:
            sub.validated_at = stamp()
    return Reply(200, {"status": delivery.url_problem() or "OK"})


def validate(call: Call, workspace_id: int, subscription_id: int, validation_code: str) -> Reply:
    """GET /validate/{wid}/{sid}/{code} (no auth in PDW): answers ``"OK"``."""
    hooks = call.fake.state
    with hooks.lock:
        sub = hooks.subscriptions.get(subscription_id)
        if sub is None or sub.workspace_id != workspace_id or sub.validation_code != validation_code:
            raise bad_request(CODE_NOT_FOUND.format(sid=subscription_id, wid=workspace_id,
                                                    code=validation_code))
        if sub.validated_at is not None:
            raise bad_request(ALREADY_VALIDATED.format(sid=subscription_id))
        sub.validated_at = stamp()
    return Reply(200, "OK")


def list_events(call: Call, workspace_id: int, subscription_id: int) -> Reply:
    """GET /subscriptions/{wid}/{sid}/events?offset=: attempted events, oldest first."""
    _, is_admin = access(call, workspace_id)
    check_query(call.args, ("offset",))
    offset = query_int(call.args, "offset", minimum=0) or 0
    find(call, workspace_id, subscription_id, is_admin)
    with call.fake.state.lock:
        events = list(call.fake.state.events.get(subscription_id, []))
    return Reply(200, {"total": len(events), "events": [e.api() for e in events[offset:]]})


def event_filters(call: Call) -> Reply:
    """GET /event_filters: entity → actions."""
    return Reply(200, {entity: list(ACTIONS) for entity in ENTITIES})


def limits(call: Call, workspace_id: int) -> Reply:
    """GET /limits/{wid}: the plan's limits (500 for an unknown workspace)."""
    state = call.fake.toggl.state
    with state.lock:
        ws = state.workspaces.get(workspace_id)
        plan = ws["plan"] if ws else None
    if plan is None:
        raise ApiError(500, "Internal Server Error")
    max_subs, max_filters = call.fake.state.limits(workspace_id, plan)
    return Reply(200, {"max_webhooks": max_subs, "max_events_per_webhook": max_filters})


def status(call: Call) -> Reply:
    """GET /status."""
    return Reply(200, {"status": "OK"})


ROUTES = [
    Route("/subscriptions/<int:workspace_id>", "GET", list_subscriptions),
    Route("/subscriptions/<int:workspace_id>", "POST", create_subscription),
    Route("/subscriptions/<int:workspace_id>/<int:subscription_id>", "PUT", update_subscription),
    Route("/subscriptions/<int:workspace_id>/<int:subscription_id>", "PATCH", patch_subscription),
    Route("/subscriptions/<int:workspace_id>/<int:subscription_id>", "DELETE", delete_subscription),
    Route("/subscriptions/<int:workspace_id>/<int:subscription_id>/events", "GET", list_events),
    Route("/ping/<int:workspace_id>/<int:subscription_id>", "POST", ping_subscription),
    Route("/validate/<int:workspace_id>/<int:subscription_id>/<validation_code>", "GET", validate,
          auth=False),
    Route("/event_filters", "GET", event_filters, auth=False),
    Route("/limits/<int:workspace_id>", "GET", limits, auth=False),
    Route("/status", "GET", status, auth=False),
]
