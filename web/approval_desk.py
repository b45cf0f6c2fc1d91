"""The web side of approvals: open a request, list, withdraw and decide — Redis only.

Everything that talks to Slack (the card, its updates, DMs, refusals) runs in
worker jobs, so acks and button clicks stay fast.
"""
from __future__ import annotations

import time
from datetime import timedelta

from redis import Redis
from rq import Queue

from bot import approvals
from bot.jobqueue import AFTER_DECISION, EXPIRE_REQUEST, POST_CARD, TELL, enqueue_command, enqueue_task
from bot.messages.blocks import Message
from bot.refs import Decision, RefRecord, RefStore, State
from bot.settings import Settings
from web.messages import approvals as messages

OPEN = "togglbot:approvals:open"


class ApprovalDesk:
    """Opens approval requests and records decisions exactly once."""

    def __init__(self, settings: Settings, redis: Redis, queue: Queue, refs: RefStore):
        self.settings = settings
        self._redis = redis
        self.queue = queue
        self.refs = refs

    def open(self, record: RefRecord) -> Message:
        """Store the request, have a worker post its card, and schedule its expiry."""
        now = time.time()
        record.state = State.AWAITING_APPROVAL
        record.approval = True
        record.expires_at = now + self.settings.approval_ttl
        record.approval_channel = self.settings.approval_channel or record.channel_id
        self.refs.create(record)
        self._redis.zadd(OPEN, {record.ref: now})
        enqueue_task(self.queue, POST_CARD, record.ref, job_id=f"card-{record.ref}")
        enqueue_task(self.queue, EXPIRE_REQUEST, record.ref, job_id=f"expire-{record.ref}",
                     delay=timedelta(seconds=self.settings.approval_ttl))
        return messages.requested(record.summary, record.ref)

    def waiting(self) -> list[RefRecord]:
        """Open requests, newest first (closed ones leave the index as they are met)."""
        found = []
        for raw in self._redis.zrevrange(OPEN, 0, -1):
            record = self.refs.get(raw.decode())
            if record and record.state == State.AWAITING_APPROVAL and record.expires_at > time.time():
                found.append(record)
            elif not record or record.state != State.AWAITING_APPROVAL:
                self._redis.zrem(OPEN, raw)
        return found

    def cancel(self, user_id: str, ref: str) -> Message:
        """The requester withdraws an open request (``/toggl cancel <ref>``)."""
        record = self.refs.get(ref)
        if record is None or not record.approval:
            return messages.refusal("missing", ref)
        refusal = approvals.canceller_refusal(record, user_id)
        if refusal:
            return messages.refusal(refusal, ref)
        outcome = self.refs.decide(ref, Decision.CANCEL, user_id)
        if not outcome.applied:
            return messages.too_late(ref, outcome)
        self.refs.claim_final(ref)  # the answer to cancel is this request's last word
        self._closed(ref)
        return messages.cancelled(ref, record.summary)

    def decide(self, user_id: str, ref: str, decision: Decision, response_url: str) -> None:
        """A click on Approve or Reject: apply it once, or tell the clicker why not."""
        record = self.refs.get(ref)
        refusal = "missing" if record is None or not record.approval else \
            approvals.decider_refusal(record, user_id, self.settings)
        if refusal:
            return self._tell(response_url, messages.refusal(refusal, ref))
        outcome = self.refs.decide(ref, decision, user_id)
        if not outcome.applied:
            return self._tell(response_url, messages.too_late(ref, outcome))
        self._closed(ref)  # the card shows the decision before the change starts
        if decision == Decision.APPROVE:
            enqueue_command(self.queue, ref, record.command)

    def _closed(self, ref: str) -> None:
        self._redis.zrem(OPEN, ref)
        enqueue_task(self.queue, AFTER_DECISION, ref, job_id=f"decided-{ref}")

    def _tell(self, response_url: str, message: Message) -> None:
        # An answer to a click must not replace the card it was clicked on.
        enqueue_task(self.queue, TELL, response_url, {**message, "replace_original": False})
