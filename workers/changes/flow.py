"""The life of a change in the worker: plan once, ask for approval when needed, apply once.

The same job function runs a change from its ack to its result, however
often it is started again (after an approval, a deferral or a dead worker):
the stored plan and step marks say where it stands.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.approvals import needs_approval
from bot.catalogue import Command
from bot.jobqueue import EXPIRE_REQUEST, enqueue_task
from bot.messages.blocks import Message
from bot.plans import Plan
from bot.refs import Decision, RefRecord, State
from workers import home
from workers.changes import PLANNERS, STEP_KINDS
from workers.changes.apply import apply_plan
from workers.errors import NotUndoable
from workers.job import JobContext
from workers.messages import approvals as approval_messages
from workers.messages import changes as messages
from workers.outcomes import finish, update_card
from workers.services import Services

log = logging.getLogger(__name__)


def make_plan(svc: Services, job: JobContext) -> Plan:
    """The plan of the job's change (also what ``preview`` shows)."""
    return PLANNERS[job.command.name](svc, job)


def plan_needs_approval(svc: Services, command: Command, plan: Plan) -> bool:
    """The command's own action (``undo``) or the plan's (``user.role``, …) is in the approval list."""
    return needs_approval(command.action, svc.settings) or needs_approval(plan.action, svc.settings)


def run_change(svc: Services, job: JobContext) -> Message | None:
    """Plan, approval, apply; the final message, or None while the change waits for a decision."""
    record = job.record
    late = bool(record.plan)
    plan = Plan.from_dict(record.plan) if late else _first_plan(svc, job)
    if plan.changes_nothing:
        return messages.nothing_to_change(plan, job.ref)
    if plan_needs_approval(svc, job.command, plan) and record.decision != Decision.APPROVE:
        request_approval(svc, svc.refs.get(job.ref) or record, plan)
        return None
    results = apply_plan(svc, svc.refs.get(job.ref) or record, plan, STEP_KINDS, late=late)
    return messages.result(plan, results, job.ref)


def _first_plan(svc: Services, job: JobContext) -> Plan:
    plan = make_plan(svc, job)
    if plan.undo_of:
        holder = svc.refs.claim_undo(plan.undo_of, job.ref)
        if holder != job.ref:
            raise NotUndoable(plan.undo_of, f"it is already being undone by ref {holder}")
    svc.refs.update(job.ref, plan=plan.to_dict(), planned_at=time.time())
    return plan


def request_approval(svc: Services, record: RefRecord, plan: Plan) -> None:
    """Open the approval request: the card with the plan, its expiry job, and (if the ack did
    not say so) a note to the requester."""
    if record.card_ts:  # a retried job: the request is already open
        svc.refs.update(record.ref, state=State.AWAITING_APPROVAL)
        return
    now = time.time()
    expires_at = record.expires_at or now + svc.settings.approval_ttl
    # A form opened from a shortcut has no channel: the card goes to the requester's direct messages,
    # and approvers decide on their App Home.
    channel = (record.approval_channel or svc.settings.approval_channel or record.channel_id
               or svc.slack.dm_channel(record.user_id))
    label = f"{plan.workspace_name} ({plan.workspace_id})" if plan.workspace_id else ""
    svc.refs.update(record.ref, state=State.AWAITING_APPROVAL, expires_at=expires_at, approval_channel=channel,
                    workspace_label=label)
    svc.refs.open_approval(record.ref)
    if not record.approval:
        svc.refs.update(record.ref, approval=True)
        svc.slack.respond(record.response_url, messages.approval_pending(record.ref, record.summary),
                          user_id=record.user_id)
    enqueue_task(svc.queue, EXPIRE_REQUEST, record.ref, job_id=f"expire-{record.ref}",
                 delay=timedelta(seconds=max(1.0, expires_at - now)))
    post_card(svc, record.ref)
    home.refresh(svc, record=record, desk=True)


def post_card(svc: Services, ref: str) -> None:
    """Post the card (requester, plan, expiry, Approve and Reject); a card that cannot be posted
    ends the request, since nobody could approve it."""
    record = svc.refs.get(ref)
    try:
        ts = svc.slack.post(record.approval_channel, approval_messages.card(record))
    except SlackApiError as error:
        reason = error.response.get("error", "error")
        if svc.refs.decide(ref, Decision.FAIL, "").applied:
            finish(svc, record, approval_messages.card_failed(record, record.approval_channel, reason), State.FAILED,
                   approval_messages.card_failed_reason(reason))
        return
    svc.refs.update(ref, card_channel=record.approval_channel, card_ts=ts)
    fresh = svc.refs.get(ref)
    if fresh is not None and fresh.state != State.AWAITING_APPROVAL:  # withdrawn while the card was on its way
        update_card(svc, fresh)
