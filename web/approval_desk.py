"""The web side of approvals: list, withdraw and decide requests — Redis only.

The worker opens a request once the change is planned (the card shows the
plan); everything that talks to Slack runs in worker jobs, so clicks stay fast.
Each decision and the jobs it starts are one Redis transaction.
"""
from __future__ import annotations

from redis.client import Pipeline
from rq import Queue

from bot import approvals, metrics, replies
from bot.jobqueue import AFTER_DECISION, TELL, TELL_USER, enqueue_command, enqueue_task
from bot.messages.blocks import Message
from bot.refs import Decision, RefRecord, RefStore, State
from bot.settings import Settings
from web.messages import approvals as messages


class ApprovalDesk:
    """Records decisions exactly once, each with the jobs it starts."""

    def __init__(self, settings: Settings, queue: Queue, refs: RefStore):
        self.settings = settings
        self.queue = queue
        self.refs = refs

    def waiting(self) -> list[RefRecord]:
        """Open requests, newest first."""
        return self.refs.open_approvals()

    def cancel(self, user_id: str, ref: str) -> Message:
        """The requester withdraws an open request (``/toggl cancel <ref>``)."""
        record = self.refs.get(ref)
        if record is None or not record.approval:
            return messages.refusal("missing", ref)
        refusal = approvals.canceller_refusal(record, user_id)
        if refusal:
            return messages.refusal(refusal, ref)
        if record.state in (State.QUEUED, State.RUNNING) and not record.decision:
            return messages.still_planning(ref)
        outcome = self.refs.decide(ref, Decision.CANCEL, user_id, then=self._after_decision(ref))
        if not outcome.applied:
            return messages.too_late(ref, outcome)
        if self.refs.claim_final(ref):  # the answer to cancel is this request's last word
            metrics.command_finished((record.command or {}).get("name", ""), State.CANCELLED)
        return messages.cancelled(ref, record.summary)

    def decide(self, user_id: str, ref: str, decision: Decision, response_url: str) -> None:
        """A click on Approve or Reject: apply it once (with its jobs), or tell the clicker why not."""
        record = self.refs.get(ref)
        refusal = "missing" if record is None or not record.approval else \
            approvals.decider_refusal(record, user_id, self.settings)
        if refusal:
            return self._tell(response_url, messages.refusal(refusal, ref), user_id)
        outcome = self.refs.decide(ref, decision, user_id, then=self._after_decision(ref, record, decision))
        if not outcome.applied:
            return self._tell(response_url, messages.too_late(ref, outcome), user_id)

    def _after_decision(self, ref: str, record: RefRecord | None = None, decision: Decision | None = None):
        def add_jobs(pipe: Pipeline) -> None:
            # The card shows the decision first; an approved change then runs its plan.
            enqueue_task(self.queue, AFTER_DECISION, ref, job_id=f"decided-{ref}", pipeline=pipe)
            if decision == Decision.APPROVE:
                enqueue_command(self.queue, ref, record.command, suffix="-approved", pipeline=pipe)
        return add_jobs

    def _tell(self, response_url: str, message: Message, user_id: str) -> None:
        # An answer to a click must not replace the card it was clicked on. The job carries an
        # id, never the response_url itself (bot/replies.py). A click on App Home has no
        # response_url: the answer goes by direct message.
        if not response_url:
            enqueue_task(self.queue, TELL_USER, user_id, message)
            return
        with self.queue.connection.pipeline() as pipe:
            pipe.multi()  # one transaction: the kept address and the job that uses it
            reply_id = replies.hold(pipe, response_url)
            enqueue_task(self.queue, TELL, reply_id, {**message, "replace_original": False}, pipeline=pipe)
            pipe.execute()
