"""``watches``: the workspace's Toggl webhook subscriptions, where each posts, and how each is doing."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.webhooks import limits
from workers import lookups
from workers.changes.watches import subscriptions
from workers.job import JobContext
from workers.messages import watches as messages
from workers.services import Services


def list_watches(svc: Services, job: JobContext) -> Message:
    """Read from Toggl now: enabled, validated, failed deliveries; the channel from the bot's own record."""
    wid = job.workspace_id
    found = sorted(subscriptions(svc, wid), key=lambda s: int(s.get("subscription_id") or 0))
    channels = {}
    for sub in found:
        ours = svc.webhook_secrets.subscription(int(sub.get("subscription_id") or 0))
        if ours is not None:
            channels[ours.subscription_id] = ours.channel
    allowed = svc.cache.get_or_load(f"webhook-limits:{wid}", lambda: limits(svc.webhooks_api(), wid))
    return messages.watch_list(found, channels, allowed, lookups.workspace(svc, wid), job.ref)
