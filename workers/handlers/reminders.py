"""``reminders`` and ``reminder add|update|delete``: recipients are global user ids."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from toggl.errors import NotFound
from toggl.reminders import create_reminder, delete_reminder, list_reminders, update_reminder
from workers import lookups
from workers.handlers.base import JobContext
from workers.messages import reminders as messages
from workers.services import Services


def list_all(svc: Services, job: JobContext) -> Message:
    """Every tracking reminder, with names instead of ids."""
    wid = job.workspace_id
    found = list_reminders(svc.toggl(), wid)
    lines = [_describe(svc, wid, r) for r in sorted(found, key=_id)]
    return messages.reminder_list(lines, lookups.workspace(svc, wid), job.ref)


def add(svc: Services, job: JobContext) -> Message:
    """``POST …/track_reminders``; never creates the same reminder twice."""
    wid = job.workspace_id
    args = job.args
    body = {"frequency": args["frequency"], "threshold": args["threshold"], **_recipients(svc, wid, args)}
    client = svc.toggl()

    def existing() -> dict[str, Any] | None:
        return next((r for r in list_reminders(client, wid) if _same(r, body)), None)

    reminder = (job.attempt > 1 and existing()) or create_reminder(client, wid, body, read_back=existing)
    return messages.reminder_saved(_describe(svc, wid, reminder), True, job.ref)


def update(svc: Services, job: JobContext) -> Message:
    """``PUT …/track_reminders/{id}`` with only the parts that were given."""
    wid = job.workspace_id
    args = job.args
    body: dict[str, Any] = {key: args[key] for key in ("threshold", "frequency") if key in args}
    if "people" in args:
        body.update({"user_ids": [], "group_ids": [], **_recipients(svc, wid, args)})
    reminder = update_reminder(svc.toggl(), wid, args["reminder_id"], body)
    return messages.reminder_saved(_describe(svc, wid, reminder), False, job.ref)


def delete(svc: Services, job: JobContext) -> Message:
    """``DELETE …/track_reminders/{id}``."""
    wid = job.workspace_id
    reminder_id = job.args["reminder_id"]
    try:
        delete_reminder(svc.toggl(), wid, reminder_id)
    except NotFound:
        if job.attempt == 1:
            raise  # on a retry, "not found" means the first attempt deleted it
    return messages.reminder_deleted(reminder_id, job.ref)


def _recipients(svc: Services, wid: int, args: dict[str, Any]) -> dict[str, list[int]]:
    body: dict[str, list[int]] = {}
    if args.get("people"):
        body["user_ids"] = [int(p["uid"]) for p in lookups.find_people(svc, wid, args["people"])]
    if args.get("group_ids"):
        body["group_ids"] = [int(g["id"]) for g in lookups.check_groups(svc, wid, args["group_ids"])]
    return body


def _same(reminder: dict[str, Any], body: dict[str, Any]) -> bool:
    return (reminder.get("frequency") == body["frequency"] and reminder.get("threshold") == body["threshold"]
            and set(reminder.get("user_ids") or []) == set(body.get("user_ids", []))
            and set(reminder.get("group_ids") or []) == set(body.get("group_ids", [])))


def _describe(svc: Services, wid: int, reminder: dict[str, Any]) -> str:
    names = {int(p["uid"]): p.get("name") or p.get("email") for p in lookups.workspace_users(svc, wid)
             if p.get("uid")}
    groups = {int(g["id"]): g.get("name") for g in lookups.groups(svc, wid)} \
        if reminder.get("group_ids") else {}
    return messages.describe(reminder, names, groups)


def _id(reminder: dict[str, Any]) -> int:
    return int(reminder.get("reminder_id") or reminder.get("id") or 0)
