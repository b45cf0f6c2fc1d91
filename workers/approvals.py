"""Approval jobs: show decisions on the card, expire requests, tell a clicker why not.

The card itself is posted by the change's own job once it is planned (``workers.changes.flow``).
"""
from __future__ import annotations

import logging

from rq import get_current_job

from bot import replies
from bot.messages.blocks import Message
from bot.refs import Decision, State
from workers import home
from workers.messages import approvals as messages
from workers.outcomes import audit_decision, finish, update_card
from workers.services import Services, services_for

log = logging.getLogger(__name__)


def _services() -> Services:
    return services_for(get_current_job().connection)


def after_decision(ref: str) -> str:
    """Show the decision on the card and in the audit feed; a rejection is the requester's final answer."""
    svc = _services()
    record = svc.refs.get(ref)
    if record is None:
        return "missing"
    audit_decision(svc, record)
    update_card(svc, record)
    if record.state == State.REJECTED:
        finish(svc, record, messages.rejected(record), State.REJECTED)
    else:
        home.refresh(svc, record=record, desk=True)  # the request left the approvers' desks
    return record.state


def expire_request(ref: str) -> str:
    """At the end of ``TOGGLBOT_APPROVAL_TTL``: expire the request if nobody decided."""
    svc = _services()
    svc.refs.decide(ref, Decision.EXPIRE, "")
    record = svc.refs.get(ref)
    if record is None or record.state != State.EXPIRED:
        return "decided"
    update_card(svc, record)
    finish(svc, record, messages.expired(record), State.EXPIRED)
    return "expired"


def tell_user(user_id: str, message: Message) -> None:
    """A direct message to ``user_id`` (the answer to a click on App Home or in a modal)."""
    _services().slack.dm(user_id, message)


def tell(reply_id: str, message: Message) -> None:
    """An ephemeral answer to a click (why it changed nothing), to the response_url kept under ``reply_id``."""
    svc = _services()
    response_url = replies.take(svc.redis, reply_id)
    if response_url:
        svc.slack.respond(response_url, message)
