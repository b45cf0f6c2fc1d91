"""``connect`` and ``me``: the caller's own Toggl account."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.api import TogglAPI
from toggl.me import get_me
from workers.errors import NotConnected, PendingTokenGone
from workers.job import JobContext
from workers.messages import personal as messages
from workers.services import Services


def connect(svc: Services, job: JobContext) -> Message:
    """Check the pasted token with ``GET /me``; store it only if Toggl accepts it."""
    token = svc.tokens.take_pending(job.ref)
    if token is None:
        raise PendingTokenGone()
    me = get_me(svc.toggl(token))
    svc.tokens.save(job.user_id, token)
    return messages.connected(me, job.ref)


def me(svc: Services, job: JobContext) -> Message:
    """The caller's profile, read with their own token."""
    return messages.profile(get_me(_own_api(svc, job)), job.ref)



def _own_api(svc: Services, job: JobContext) -> TogglAPI:
    token = svc.tokens.get(job.user_id)
    if token is None:
        raise NotConnected()
    return svc.toggl(token)
