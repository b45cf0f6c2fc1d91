"""App Home jobs (SPEC §15): publish a person's Home view; load the look-ups a modal's pickers offer.

A Home view is published when its person opens the tab and refreshed after
what concerns them: a request they may decide opens or is decided, a change
they asked for ends, and — for admins and approvers — any change the bot
makes (their list of latest changes). Only people who opened their Home are
refreshed (``bot.home.viewers``). Building the view costs no Toggl request:
the quota comes from what Toggl's headers last said.
"""
from __future__ import annotations

import logging

from rq import get_current_job
from slack_sdk.errors import SlackApiError

from bot import approvals, permissions
from bot.catalogue import CATALOGUE
from bot.forms import form_buttons
from bot.home import viewers
from bot.jobqueue import PUBLISH_HOMES, enqueue_task
from bot.refs import RefRecord
from bot.tokens import TokenUnreadable
from workers import lookups
from workers.audit import AuditLog
from workers.changes import INVERSES
from workers.changes.undo import refusal as undo_refusal
from workers.digest import quota_seen
from workers.messages.home import MAX_CHANGES, MAX_REQUESTS, Change, Desk, home_view
from workers.services import Services, services_for

log = logging.getLogger(__name__)


def publish_homes(user_ids: list[str]) -> int:
    """Job: publish the Home view of each of ``user_ids``; how many Slack took."""
    svc = services_for(get_current_job().connection)
    published = 0
    for user_id in dict.fromkeys(user_ids):
        try:
            svc.slack.web.views_publish(user_id=user_id, view=home_view(desk_for(svc, user_id)))
            published += 1
        except SlackApiError as error:
            log.warning("views.publish failed: %s", error.response.get("error"))
    return published


def desk_for(svc: Services, user_id: str) -> Desk:
    """What ``user_id``'s Home shows now."""
    settings = svc.settings
    try:
        connected: bool | None = svc.tokens.get(user_id) is not None
    except TokenUnreadable:
        connected = None
    forms = form_buttons(lambda name: permissions.may_run(user_id, CATALOGUE[name], settings),
                         without=("toggl_connect",))  # the connection section has its own button
    desk = Desk(user_id, connected, svc.refs.recent_for(user_id), forms)
    if not (permissions.is_admin(user_id, settings) or permissions.is_approver(user_id, settings)):
        return desk
    desk.desk = True
    waiting = svc.refs.open_approvals()
    desk.requests = [(r, approvals.decider_refusal(r, user_id, settings) is None) for r in waiting[:MAX_REQUESTS]]
    desk.more_requests = max(0, len(waiting) - MAX_REQUESTS)
    admin = permissions.is_admin(user_id, settings)
    desk.changes = [Change(entry, admin and _undoable(svc.refs.get(entry.get("ref", ""))))
                    for entry in AuditLog(svc.redis).recent(MAX_CHANGES)]
    if settings.toggl_api_token:
        desk.quota = quota_seen(svc)
    return desk


def _undoable(record: RefRecord | None) -> bool:
    return undo_refusal(record) is None and (record.plan or {}).get("command", {}).get("name") in INVERSES


def refresh(svc: Services, *, record: RefRecord | None = None, desk: bool = False) -> None:
    """Queue a refresh of the Home views this concerns: the requester of ``record``, and with
    ``desk`` every admin and approver who looks at their Home."""
    concerned = {record.user_id} if record is not None and record.user_id else set()
    if desk:
        concerned |= set(svc.settings.admins) | set(svc.settings.approvers)
    try:
        users = viewers(svc.redis, concerned)
        if users:
            enqueue_task(svc.queue, PUBLISH_HOMES, users)
    except Exception as error:  # a Home refresh never fails the job that asked for it
        log.warning("could not queue Home refreshes: %s", error.__class__.__name__)


def load_lookups(kinds: list[str]) -> list[str]:
    """Job: read the look-ups a modal's pickers offer into the cache (one Toggl request each when cold)."""
    svc = services_for(get_current_job().connection)
    wid = lookups.resolve_workspace_id(svc, None)
    loaders = {"projects": lookups.projects, "clients": lookups.clients, "groups": lookups.groups}
    for kind in kinds:
        if kind in loaders:
            loaders[kind](svc, wid)
    return [kind for kind in kinds if kind in loaders]
