"""Approval rules (pure): which commands need a second admin, and who may decide.

An approval request is the ref of the command waiting for it (state
``awaiting_approval``); :meth:`bot.refs.RefStore.decide` records the decision
exactly once.
"""
from __future__ import annotations

from bot.refs import RefRecord
from bot.settings import Settings

APPROVE_ACTION = "approval_approve"  # the card's buttons (Slack action ids)
REJECT_ACTION = "approval_reject"


def needs_approval(action: str | None, settings: Settings) -> bool:
    """Whether the action is listed in ``TOGGLBOT_APPROVAL_REQUIRED``."""
    return action in settings.approval_required


def decider_refusal(record: RefRecord, user_id: str, settings: Settings) -> str | None:
    """Why ``user_id`` may not approve or reject ``record`` (None: they may)."""
    if user_id not in settings.approvers:
        return "not_approver"
    if user_id == record.user_id:
        return "own_request"
    return None


def canceller_refusal(record: RefRecord, user_id: str) -> str | None:
    """Why ``user_id`` may not withdraw ``record`` (None: they may)."""
    if record.user_id != user_id:
        return "not_requester"
    return None
