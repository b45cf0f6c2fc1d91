"""The per-request context and the helpers every webhooks route shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, NamedTuple, Optional

from werkzeug.datastructures import MultiDict

from fakes.toggl.common import ApiError, Reply, not_found

from .delivery import Delivery, ping_body, sign
from .state import Subscription, stamp_ns

if TYPE_CHECKING:  # pragma: no cover
    from .fake import TogglWebhooksFake

NOT_ACCESSIBLE = "User not found/accessible for workspace"
NOT_FOUND = "subscription {sid} for workspace {wid} was not found"
CODE_NOT_FOUND = "subscription {sid} for workspace {wid} and validation code '{code}' was not found"
ALREADY_VALIDATED = "subscription {sid} has already been validated"


class Route(NamedTuple):
    """One endpoint below ``/webhooks/api/v1``; ``auth``: basic auth required."""

    rule: str
    method: str
    handler: Callable[..., Reply]
    auth: bool = True


@dataclass
class Call:
    """One request: the fake, the authenticated user (None without auth), the input."""

    fake: "TogglWebhooksFake"
    user: Optional[dict]
    args: MultiDict
    raw: bytes


def access(call: Call, wid: int) -> tuple[str, bool]:
    """(workspace plan, caller is admin); 403 unless an active member."""
    state = call.fake.toggl.state
    with state.lock:
        ws = state.workspaces.get(wid)
        wu = state.workspace_user_of(wid, call.user["id"]) if ws else None
        if ws is None or wu is None or wu["inactive"] or not wu["active"]:
            raise ApiError(403, NOT_ACCESSIBLE)
        return ws["plan"], wu["role"] == "admin"


def find(call: Call, wid: int, sid: int, is_admin: bool) -> Subscription:
    """A saved subscription the caller may see (admins: all of the workspace)."""
    with call.fake.state.lock:
        sub = call.fake.state.subscriptions.get(sid)
        if (sub is None or sub.pending or sub.workspace_id != wid
                or (not is_admin and sub.user_id != call.user["id"])):
            raise not_found(NOT_FOUND.format(sid=sid, wid=wid))
        return sub


def ping(call: Call, sub: Subscription, url: str, secret: str,
          code: Optional[str]) -> tuple[Delivery, bool]:
    """Send a PING; returns (attempt, whether its answer echoed ``code``)."""
    wid, sid = sub.workspace_id, sub.subscription_id
    code_url = f"{call.fake.url}/validate/{wid}/{sid}/{code}" if code else None
    body = ping_body(sid, call.user["id"], url, stamp_ns(), code, code_url)
    delivery = call.fake.sender.send("ping", sid, 0, url, body, sign(secret, body))
    answer = delivery.response_json()
    echoed = (code is not None and delivery.ok and isinstance(answer, dict)
              and answer.get("validation_code") == code)
    return delivery, echoed


def unvalidated_code(sub: Subscription) -> Optional[str]:
    """The code a PING must carry: None once the subscription is validated."""
    return sub.validation_code if sub.validated_at is None else None
