"""``connect``, ``me``, ``profile set``: the caller's own Toggl account."""
from __future__ import annotations

from workers.messages import failures
from workers.messages import personal as messages
from bot.messages.blocks import Message
from toggl.api import TogglAPI
from toggl.me import get_me, update_me
from workers.errors import CommandFailed
from workers.handlers.base import JobContext
from workers.services import Services


def connect(svc: Services, job: JobContext) -> Message:
    """Check the pasted token with ``GET /me``; store it only if Toggl accepts it."""
    token = svc.tokens.take_pending(job.ref)
    if token is None:
        raise CommandFailed(failures.token_expired())
    me = get_me(svc.toggl(token))
    svc.tokens.save(job.user_id, token)
    return messages.connected(me, job.ref)


def me(svc: Services, job: JobContext) -> Message:
    """The caller's profile, read with their own token."""
    return messages.profile(get_me(_personal_client(svc, job)), job.ref)


def profile_set(svc: Services, job: JobContext) -> Message:
    """``PUT /me`` with the validated fields."""
    fields = job.command.args["fields"]
    updated = update_me(_personal_client(svc, job), fields)
    return messages.profile_updated(updated, fields, job.ref)


def _personal_client(svc: Services, job: JobContext) -> TogglAPI:
    token = svc.tokens.get(job.user_id)
    if token is None:
        raise CommandFailed(failures.not_connected())
    return svc.toggl(token)
