"""``connect``, ``me``, ``profile set``: the caller's own Toggl account."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.api import TogglAPI
from toggl.me import get_me, update_me
from workers.errors import NotConnected, PendingTokenGone
from workers.handlers.base import JobContext
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


def profile_set(svc: Services, job: JobContext) -> Message:
    """``PUT /me`` with the validated fields."""
    fields = job.args["fields"]
    updated = update_me(_own_api(svc, job), fields)
    return messages.profile_updated(updated, fields, job.ref)


def _own_api(svc: Services, job: JobContext) -> TogglAPI:
    token = svc.tokens.get(job.user_id)
    if token is None:
        raise NotConnected()
    return svc.toggl(token)
