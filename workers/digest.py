"""The daily digest at ``TOGGLBOT_DIGEST_AT`` (UTC) in ``TOGGLBOT_NOTIFY_CHANNEL`` (SPEC §14).

Scheduled with RQ's own scheduler (the worker runs ``--with-scheduler``): each
day's digest is a job queued for its time under the id ``digest-YYYY-MM-DD``,
so however many workers start, a day has one digest; each digest queues the
next one, and every worker makes sure at start that the next one is queued.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone

from rq import get_current_job
from rq.job import Job
from slack_sdk.errors import SlackApiError

from bot.jobqueue import POST_DIGEST, enqueue_task
from toggl.errors import TogglError
from toggl.me import get_quota
from workers.audit import AuditLog
from workers.messages.digest import QuotaLeft, digest
from workers.services import Services, services_for

log = logging.getLogger(__name__)
DAY = 24 * 3600


def post_digest(day: str) -> str:
    """Job: post the digest of the 24 hours up to now, then queue tomorrow's."""
    svc = services_for(get_current_job().connection)
    try:
        return send_digest(svc, time.time())
    finally:
        schedule_next(svc, datetime.now(timezone.utc) + timedelta(minutes=1))


def send_digest(svc: Services, now: float) -> str:
    """Post the changes of the last 24 hours by action, the open approval requests and the quota left."""
    channel = svc.settings.notify_channel
    if not channel:
        log.warning("TOGGLBOT_DIGEST_AT is set but TOGGLBOT_NOTIFY_CHANNEL is not: no digest posted")
        return "no channel"
    changes = [entry for entry in AuditLog(svc.redis).recent(2000) if float(entry.get("at", 0)) >= now - DAY]
    message = digest(changes, svc.refs.open_approvals(), _quota(svc), now)
    try:
        svc.slack.post(channel, message)
    except SlackApiError as error:
        log.warning("could not post the digest: %s", error.response.get("error"))
        return "not posted"
    return "posted"


def _quota(svc: Services) -> list[QuotaLeft]:
    """Toggl's own numbers (``GET /me/quota``), or what its headers last said when that fails."""
    api = svc.toggl()
    try:
        return [QuotaLeft(entry.get("organization_id"), int(entry.get("remaining") or 0), entry.get("total"),
                          int(entry.get("resets_in_secs") or 0)) for entry in get_quota(api)]
    except (TogglError, LookupError):
        return quota_seen(svc)


def quota_seen(svc: Services) -> list[QuotaLeft]:
    """What Toggl's headers last said of the admin token's buckets (no request)."""
    api = svc.toggl()
    return [QuotaLeft(int(name.split(":")[1]) if name.startswith("org:") else None, left, None, resets)
            for name, (left, resets) in sorted(api.quota.snapshot(api.token_id).items())]


def next_time(after: datetime, hour: int, minute: int) -> datetime:
    """The first ``hour:minute`` UTC strictly after ``after``."""
    candidate = after.astimezone(timezone.utc).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > after else candidate + timedelta(days=1)


def schedule_next(svc: Services, after: datetime | None = None) -> str | None:
    """Queue the next digest for its time (once per day, whoever asks); its job id, or None when off."""
    if svc.settings.digest_at is None:
        return None
    when = next_time(after or datetime.now(timezone.utc), *svc.settings.digest_at)
    job_id = f"digest-{when:%Y-%m-%d}"
    if not Job.exists(job_id, connection=svc.redis):
        enqueue_task(svc.queue, POST_DIGEST, f"{when:%Y-%m-%d}", job_id=job_id,
                     delay=when - datetime.now(timezone.utc))
    return job_id
