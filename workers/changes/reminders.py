"""Plans for ``reminder add|update|delete``, and their steps.

Track reminders name people by GLOBAL user id (``user_ids``) and groups by
group id; ``threshold`` is hours, ``frequency`` 1 (daily) or 7 (weekly).
"""
from __future__ import annotations

from typing import Any

from bot.catalogue import Command
from bot.plans import FieldChange, Plan, Step, Target
from toggl.reminders import create_reminder, delete_reminder, list_reminders, update_reminder
from workers import cache_writes, lookups
from workers.changes.base import ChangeRun, StepKind, new_plan, same, step_for
from workers.job import JobContext
from workers.services import Services

FIELDS = ("threshold", "frequency", "user_ids", "group_ids")


def _fields(reminder: dict[str, Any], keys: tuple[str, ...] | list[str] = FIELDS) -> dict[str, Any]:
    """The reminder's values of ``keys``, with missing recipient lists as empty lists."""
    return {key: list(reminder.get(key) or []) if key.endswith("_ids") else reminder.get(key) for key in keys}


def _recipients(svc: Services, wid: int, args: dict[str, Any]) -> dict[str, list[int]]:
    body: dict[str, list[int]] = {}
    if args.get("people"):
        body["user_ids"] = [int(p["uid"]) for p in lookups.find_people(svc, wid, args["people"])]
    if args.get("group_ids"):
        body["group_ids"] = [int(g["id"]) for g in lookups.check_groups(svc, wid, args["group_ids"])]
    return body


def _names(svc: Services, wid: int, values: dict[str, Any]) -> dict[str, Any]:
    """A reminder's fields in words: people and groups by name."""
    people = {int(p["uid"]): p.get("name") or p.get("email") for p in lookups.workspace_users(svc, wid)
              if p.get("uid")}
    groups = {int(g["id"]): g.get("name") for g in lookups.groups(svc, wid)} if values.get("group_ids") else {}
    words = {key: values[key] for key in ("threshold", "frequency") if key in values}
    if "user_ids" in values:
        words["people"] = [people.get(int(uid), f"user {uid}") for uid in values["user_ids"] or []]
    if "group_ids" in values:
        words["groups"] = [groups.get(int(gid), f"group {gid}") for gid in values["group_ids"] or []]
    return words


def describe(svc: Services, wid: int, reminder: dict[str, Any]) -> str:
    """``#8001 (under 8h, daily: Dan Designer, group Developers)``."""
    words = _names(svc, wid, _fields(reminder))
    who = ", ".join(words.get("people", []) + [f"group {g}" for g in words.get("groups", [])]) or "nobody"
    often = {1: "daily", 7: "weekly"}.get(reminder.get("frequency"), f"every {reminder.get('frequency')} days")
    return f"#{lookups.reminder_id_of(reminder)} (under {reminder.get('threshold')}h, {often}: {who})"


def plan_add(svc: Services, job: JobContext) -> Plan:
    """``POST …/track_reminders``."""
    wid = job.workspace_id
    body = {"frequency": job.args["frequency"], "threshold": job.args["threshold"],
            **_recipients(svc, wid, job.args)}
    plan = new_plan(svc, job, done="Created a tracking reminder")
    plan.targets = [Target("new tracking reminder", "", None,
                           [FieldChange(key, None, value) for key, value in _names(svc, wid, body).items()])]
    plan.steps = [step_for("reminder.create", create_reminder(wid, body))]
    return plan


def plan_update(svc: Services, job: JobContext) -> Plan:
    """``PUT …/track_reminders/{id}`` with the parts that were given (people given replace all recipients)."""
    wid, reminder_id = job.workspace_id, job.args["reminder_id"]
    reminder = lookups.find_reminder(svc, wid, reminder_id)
    body: dict[str, Any] = {key: job.args[key] for key in ("threshold", "frequency") if key in job.args}
    if "people" in job.args or "group_ids" in job.args:
        body.update({"user_ids": [], "group_ids": [], **_recipients(svc, wid, job.args)})
    before = _fields(reminder, list(body))
    plan = new_plan(svc, job, done=f"Updated tracking reminder #{reminder_id}")
    names_before, names_after = _names(svc, wid, before), _names(svc, wid, body)
    plan.targets = [Target("tracking reminder", describe(svc, wid, reminder), reminder_id,
                           [FieldChange(key, names_before[key], names_after[key]) for key in names_after
                            if names_before[key] != names_after[key]])]
    if not same(body, before):
        plan.steps = [step_for("reminder.update", update_reminder(wid, reminder_id, body), expect=before,
                               check={"id": reminder_id})]
    plan.targets[0].details = {"before": before}
    return plan


def plan_delete(svc: Services, job: JobContext) -> Plan:
    """``DELETE …/track_reminders/{id}``; what it was is kept, so undo can create it again."""
    wid, reminder_id = job.workspace_id, job.args["reminder_id"]
    reminder = lookups.find_reminder(svc, wid, reminder_id)
    kept = _fields(reminder)
    plan = new_plan(svc, job, done=f"Deleted tracking reminder #{reminder_id}")
    plan.targets = [Target("tracking reminder", describe(svc, wid, reminder), reminder_id,
                           [FieldChange("state", "exists", "deleted")], details={"reminder": kept})]
    plan.steps = [step_for("reminder.delete", delete_reminder(wid, reminder_id), expect={**kept, "state": "exists"},
                           check={"id": reminder_id})]
    return plan


def _fresh(run: ChangeRun) -> list[dict[str, Any]]:
    return list_reminders(run.api, run.plan.workspace_id)


def _one(run: ChangeRun, step: Step) -> dict[str, Any] | None:
    return next((r for r in _fresh(run) if lookups.reminder_id_of(r) == step.check["id"]), None)


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    reminder = _one(run, step)
    if reminder is None:
        return {"state": "deleted"}
    return {"state": "exists", **_fields(reminder)}


def _created(run: ChangeRun, step: Step) -> Any:
    wanted = {"user_ids": [], "group_ids": [], **step.body}
    return next((r for r in _fresh(run) if same(wanted, _fields(r))), None)


def _updated(run: ChangeRun, step: Step) -> Any:
    reminder = _one(run, step)
    return reminder if reminder is not None and same(step.body, _fields(reminder)) else None


def _deleted(run: ChangeRun, step: Step) -> Any:
    return True if _one(run, step) is None else None


def _remember_created(run: ChangeRun, step: Step, answer: Any) -> None:
    if isinstance(answer, dict) and lookups.reminder_id_of(answer):
        cache_writes.add_listed(run.svc, run.plan.workspace_id, "reminders", answer, "reminder_id")
    else:  # Toggl did not say what it created: read the list again next time
        lookups.forget(run.svc, run.plan.workspace_id, "reminders")


def _remember_updated(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.update_listed(run.svc, run.plan.workspace_id, "reminders", step.check["id"],
                               cache_writes.merged(step.body, answer), "reminder_id")


def _remember_deleted(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.remove_listed(run.svc, run.plan.workspace_id, "reminders", [step.check["id"]], "reminder_id")


STEP_KINDS = {
    "reminder.create": StepKind(lambda run, step: {}, _created, _remember_created),
    "reminder.update": StepKind(_current, _updated, _remember_updated),
    "reminder.delete": StepKind(_current, _deleted, _remember_deleted),
}
PLANNERS = {"reminder.add": plan_add, "reminder.update": plan_update, "reminder.delete": plan_delete}


def _who(values: dict[str, Any]) -> dict[str, Any]:
    return {"people": [{"user_id": uid} for uid in values.get("user_ids") or []],
            "group_ids": list(values.get("group_ids") or [])}


def inverse_add(plan: Plan, results: dict[str, Any]) -> Command:
    """Delete the reminder that was created."""
    created = results.get("0") or {}
    return Command("reminder.delete", {"reminder_id": lookups.reminder_id_of(created)}, plan.workspace_id)


def inverse_update(plan: Plan, results: dict[str, Any]) -> Command:
    """The previous threshold, frequency and people."""
    target = plan.targets[0]
    before = target.details["before"]
    args: dict[str, Any] = {"reminder_id": target.id,
                            **{key: before[key] for key in ("threshold", "frequency") if key in before}}
    if "user_ids" in before:
        args.update(_who(before))
    return Command("reminder.update", args, plan.workspace_id)


def inverse_delete(plan: Plan, results: dict[str, Any]) -> Command:
    """Create the deleted reminder again."""
    kept = plan.targets[0].details["reminder"]
    return Command("reminder.add", {"threshold": kept["threshold"], "frequency": kept["frequency"], **_who(kept)},
                   plan.workspace_id)


INVERSES = {"reminder.add": inverse_add, "reminder.update": inverse_update, "reminder.delete": inverse_delete}
