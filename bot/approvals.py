"""Approvals: who may decide (pure rules) and deciding exactly once (atomic in Redis).

An approval request is the ref of the command waiting for it: its record holds
``state = awaiting_approval``, the requester, ``expires_at`` and, once posted,
the card's channel and ``ts``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from redis import Redis

from bot.commands import Command
from bot.refs import PREFIX
from bot.settings import Settings

AWAITING = "awaiting_approval"
APPROVE_ACTION = "approval_approve"  # the card's buttons (Slack action ids)
REJECT_ACTION = "approval_reject"
APPROVE, REJECT, EXPIRE, CANCEL, FAIL = "approve", "reject", "expire", "cancel", "fail"
OUTCOME_STATE = {APPROVE: "queued", REJECT: "rejected", EXPIRE: "expired", CANCEL: "cancelled",
                 FAIL: "failed"}


def needs_approval(command: Command, settings: Settings) -> bool:
    """Whether the command's action is listed in ``TOGGLBOT_APPROVAL_REQUIRED``."""
    return command.action in settings.approval_required


def decider_refusal(record: dict, user_id: str, settings: Settings) -> str | None:
    """Why ``user_id`` may not approve or reject ``record`` (None: they may)."""
    if user_id not in settings.approvers:
        return "not_approver"
    if user_id == record.get("user_id"):
        return "own_request"
    return None


def canceller_refusal(record: dict, user_id: str) -> str | None:
    """Why ``user_id`` may not withdraw ``record`` (None: they may)."""
    if record.get("user_id") != user_id:
        return "not_requester"
    return None


@dataclass(frozen=True)
class Decision:
    """The outcome of one attempt to decide: applied, or the state that stopped it."""

    applied: bool
    state: str
    decided_by: str = ""
    decided_at: float = 0.0


# Check-and-set in one step, so two clicks on two web processes at the same
# moment cannot both win. An expired request is marked expired on the spot.
_DECIDE = """
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'0', 'missing', '', '0'} end
if state ~= ARGV[1] then
  return {'0', state, redis.call('HGET', KEYS[1], 'decided_by') or '',
          redis.call('HGET', KEYS[1], 'decided_at') or '0'}
end
local now = tonumber(ARGV[4])
local expires = tonumber(redis.call('HGET', KEYS[1], 'expires_at') or '0')
if ARGV[5] == '1' and expires > 0 and now >= expires then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'decided_by', '', 'decided_at', ARGV[4],
             'updated_at', ARGV[4])
  return {'0', 'expired', '', ARGV[4]}
end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'decided_by', ARGV[3], 'decided_at', ARGV[4],
           'updated_at', ARGV[4], 'decision', ARGV[6])
return {'1', ARGV[2], ARGV[3], ARGV[4]}
"""


class ApprovalStore:
    """Decides approval requests atomically in Redis."""

    def __init__(self, redis: Redis):
        self._decide = redis.register_script(_DECIDE)

    def decide(self, ref: str, decision: str, user_id: str, now: float | None = None) -> Decision:
        """Move ``ref`` out of ``awaiting_approval`` by ``decision``; only the first call wins."""
        now = time.time() if now is None else now
        enforce_expiry = "0" if decision in (EXPIRE, FAIL) else "1"
        applied, state, by, at = self._decide(
            keys=[PREFIX + ref],
            args=[AWAITING, OUTCOME_STATE[decision], user_id, f"{now:.3f}", enforce_expiry, decision])
        return Decision(applied == b"1", state.decode(), by.decode(), float(at or 0))
