"""``quota``: Toggl's hourly request quota of the bot's token, per organization (``GET /me/quota``)."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from toggl.errors import QuotaExhausted
from toggl.me import get_quota
from workers import lookups
from workers.job import JobContext
from workers.messages import quota as messages
from workers.services import Services


def show(svc: Services, job: JobContext) -> Message:
    """What Toggl says is left in each bucket, the organizations named by the workspaces the bot serves.

    ``/me/quota`` counts in the token's own ``/me`` bucket; when that one is used
    up, the answer is what Toggl's headers last said instead.
    """
    api = svc.toggl()
    try:
        buckets = [_from_toggl(entry) for entry in get_quota(api)]
        last_seen = False
    except QuotaExhausted:
        buckets = [_from_headers(name, remaining, resets_in)
                   for name, (remaining, resets_in) in sorted(api.quota.snapshot(api.token_id).items())]
        last_seen = True
    return messages.quota_overview(buckets, _workspaces_by_organization(svc), api.quota.closed(api.token_id),
                                   job.ref, last_seen=last_seen)


def _from_toggl(entry: dict[str, Any]) -> messages.Bucket:
    organization = entry.get("organization_id")
    return messages.Bucket(None if organization is None else int(organization), int(entry.get("remaining") or 0),
                           entry.get("total"), int(entry.get("resets_in_secs") or 0))


def _from_headers(name: str, remaining: int, resets_in: int) -> messages.Bucket:
    organization = int(name.split(":", 1)[1]) if name.startswith("org:") else None
    return messages.Bucket(organization, remaining, None, resets_in, label=None if name.startswith(("org:", "me"))
                           else name)


def _workspaces_by_organization(svc: Services) -> dict[int, list[str]]:
    """Names of the bot's workspaces whose records are cached (no request is spent on names)."""
    found: dict[int, list[str]] = {}
    for wid in svc.settings.workspaces:
        workspace = svc.cache.get(lookups.key(wid, "workspace"))
        if workspace and workspace.get("organization_id"):
            found.setdefault(int(workspace["organization_id"]), []).append(workspace.get("name") or str(wid))
    if svc.settings.toggl_workspace_id and svc.settings.toggl_organization_id:
        found.setdefault(svc.settings.toggl_organization_id, [])
    return found
