"""``connect`` and ``me``: the caller's own Toggl account."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.errors import Forbidden, Unauthorized
from toggl.me import get_me
from workers.errors import PendingTokenGone, SlackEmailUnknown, TokenOfSomeoneElse
from workers.job import JobContext
from workers.messages import personal as messages
from workers.services import Services


def connect(svc: Services, job: JobContext) -> Message:
    """Check the pasted token with ``GET /me`` and against the caller's Slack email; store it only
    then. Until it is accepted or refused it stays (encrypted) under the ref, so a retried job after
    a dead worker can still check it."""
    token = svc.tokens.pending(job.ref)
    if token is None:
        raise PendingTokenGone()
    try:
        me = get_me(svc.toggl(token))
    except (Forbidden, Unauthorized):
        svc.tokens.drop_pending(job.ref)  # Toggl refused the token itself
        raise
    slack_email = svc.slack.email_of(job.user_id)
    if not slack_email:
        svc.tokens.drop_pending(job.ref)
        raise SlackEmailUnknown()
    if (me.get("email") or "").casefold() != slack_email.casefold():
        svc.tokens.drop_pending(job.ref)
        raise TokenOfSomeoneElse()
    svc.tokens.accept_pending(job.ref, job.user_id)
    return messages.connected(me, job.ref)


def me(svc: Services, job: JobContext) -> Message:
    """The caller's profile, read with their own token."""
    return messages.profile(get_me(svc.own_toggl(job.user_id)), job.ref)
