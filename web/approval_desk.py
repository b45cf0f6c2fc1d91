"""The web side of approvals: open a request, list, withdraw and decide — Redis only.

Everything that talks to Slack (the card, its updates, DMs, refusals) runs in
worker jobs, so acks and button clicks stay fast.
"""
from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from redis import Redis
from rq import Queue

from bot import approvals
from bot.approvals import APPROVE, AWAITING, CANCEL, ApprovalStore
from bot.jobqueue import enqueue_command, enqueue_task
from web.messages import approvals as messages
from bot.messages.blocks import Message
from bot.refs import RefStore
from bot.settings import Settings

OPEN = "togglbot:approvals:open"


class ApprovalDesk:
    """Opens approval requests and records decisions exactly once."""

    def __init__(self, settings: Settings, redis: Redis, queue: Queue, refs: RefStore):
        self.settings = settings
        self._redis = redis
        self.queue = queue
        self.refs = refs
        self.store = ApprovalStore(redis)

    def open(self, ref: str, record: dict[str, Any]) -> Message:
        """Store the request, have a worker post its card, and schedule its expiry."""
        now = time.time()
        self.refs.create(ref, {**record, "state": AWAITING, "approval": True,
                               "expires_at": f"{now + self.settings.approval_ttl:.3f}",
                               "approval_channel": self.settings.approval_channel or record["channel_id"]})
        self._redis.zadd(OPEN, {ref: now})
        enqueue_task(self.queue, "workers.approvals.post_card", ref, job_id=f"card-{ref}")
        enqueue_task(self.queue, "workers.approvals.expire_request", ref, job_id=f"expire-{ref}",
                     delay=timedelta(seconds=self.settings.approval_ttl))
        return messages.requested(record["summary"], ref)

    def waiting(self) -> list[dict[str, Any]]:
        """Open requests, newest first (closed ones leave the index as they are met)."""
        found = []
        for raw in self._redis.zrevrange(OPEN, 0, -1):
            record = self.refs.get(raw.decode())
            if record and record.get("state") == AWAITING and float(record["expires_at"]) > time.time():
                found.append(record)
            elif not record or record.get("state") != AWAITING:
                self._redis.zrem(OPEN, raw)
        return found

    def cancel(self, user_id: str, ref: str) -> Message:
        """The requester withdraws an open request (``/toggl cancel <ref>``)."""
        record = self.refs.get(ref)
        if record is None or not record.get("approval"):
            return messages.refusal("missing", ref)
        refusal = approvals.canceller_refusal(record, user_id)
        if refusal:
            return messages.refusal(refusal, ref)
        decision = self.store.decide(ref, CANCEL, user_id)
        if not decision.applied:
            return messages.too_late(ref, decision.state, decision.decided_by, decision.decided_at)
        self.refs.claim_final(ref)  # the answer to cancel is this request's last word
        self._closed(ref)
        return messages.cancelled(ref, record.get("summary", ""))

    def decide(self, user_id: str, ref: str, decision: str, response_url: str) -> None:
        """A click on Approve or Reject: apply it once, or tell the clicker why not."""
        record = self.refs.get(ref)
        refusal = "missing" if record is None or not record.get("approval") else \
            approvals.decider_refusal(record, user_id, self.settings)
        if refusal:
            return self._tell(response_url, messages.refusal(refusal, ref))
        outcome = self.store.decide(ref, decision, user_id)
        if not outcome.applied:
            return self._tell(response_url, messages.too_late(ref, outcome.state, outcome.decided_by,
                                                              outcome.decided_at))
        self._closed(ref)  # the card shows the decision before the change starts
        if decision == APPROVE:
            enqueue_command(self.queue, ref, record["command"])

    def _closed(self, ref: str) -> None:
        self._redis.zrem(OPEN, ref)
        enqueue_task(self.queue, "workers.approvals.after_decision", ref, job_id=f"decided-{ref}")

    def _tell(self, response_url: str, message: Message) -> None:
        # An answer to a click must not replace the card it was clicked on.
        enqueue_task(self.queue, "workers.approvals.tell", response_url,
                     {**message, "replace_original": False})
