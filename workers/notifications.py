"""Job: one Toggl webhook event → one line in the subscription's channel (SPEC §14).

Names come from what is at hand — the event's payload and the look-ups the
bot already has cached — so a notification spends none of Toggl's hourly
quota. A change someone made in Toggl (not through the bot) also drops the
cached look-ups it makes stale.
"""
from __future__ import annotations

import logging
from typing import Any

from rq import get_current_job
from slack_sdk.errors import SlackApiError

from workers import lookups
from workers.messages.notifications import event_line
from workers.services import Services, services_for

log = logging.getLogger(__name__)
# The cached look-ups an outside change to each entity makes stale.
STALE = {"workspace_user": ("workspace_users",), "client": ("clients",), "project": ("projects",),
         "workspace": ("workspace",), "project_user": (), "task": ()}


def post_event(event: dict[str, Any]) -> None:
    """Job: post ``event`` (already checked and deduplicated by the web process) to its channel."""
    notify(services_for(get_current_job().connection), event)


def notify(svc: Services, event: dict[str, Any]) -> None:
    """Post one event as one line to its subscription's channel."""
    sid = int(event.get("subscription_id") or 0)
    ours = svc.webhook_secrets.subscription(sid)
    channel = ours.channel if ours else svc.settings.notify_channel
    metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
    workspace_id = _int(metadata.get("workspace_id")) or (ours.workspace_id if ours else 0)
    _drop_stale(svc, workspace_id, str(metadata.get("model") or ""), _int(metadata.get("event_user_id")))
    if not channel:
        log.warning("toggl event for subscription %s: no channel to post to", sid)
        return
    line = event_line(event, _people(svc, workspace_id), _workspace_name(svc, workspace_id))
    try:
        svc.slack.post(channel, {"text": line})
    except SlackApiError as error:
        log.warning("could not post a Toggl event to %s: %s", channel, error.response.get("error"))


def _people(svc: Services, wid: int) -> dict[int, str]:
    cached = svc.cache.get(lookups.key(wid, "workspace_users")) or [] if wid else []
    return {int(p["uid"]): p.get("name") or p.get("email") or "" for p in cached if p.get("uid")}


def _workspace_name(svc: Services, wid: int) -> str:
    cached = svc.cache.get(lookups.key(wid, "workspace")) if wid else None
    return (cached or {}).get("name") or (f"workspace {wid}" if wid else "Toggl")


def _drop_stale(svc: Services, wid: int, model: str, who: int) -> None:
    """Someone changed Toggl outside the bot: its cached look-ups of that kind are no longer true."""
    if not wid or model not in STALE:
        return
    me = svc.cache.get(f"me:{svc.toggl().token_id}") or {}
    if who and who == me.get("id"):
        return  # the bot's own change: its write already went through to the cache
    kinds = list(STALE[model])
    if model == "project":
        kinds += [name.split(":", 2)[2] for name in svc.cache.keys(lookups.key(wid, "project*"))]
    if model in ("project_user", "task"):
        kinds += [name.split(":", 2)[2] for name in svc.cache.keys(lookups.key(wid, "project_users:*"))]
        kinds += [name.split(":", 2)[2] for name in svc.cache.keys(lookups.key(wid, "rate:*"))]
    lookups.forget(svc, wid, *kinds)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
