"""Plans for ``user set|deactivate|reactivate|remove``, and their steps.

``PUT /workspaces/{wid}/workspace_users/{id}`` sends only the fields that
change; one person is removed with ``DELETE …/workspace_users/{id}``, several
with one ``PATCH /organizations/{oid}/workspaces/{wid}/workspace_users``.
"""
from __future__ import annotations

from typing import Any

from bot.catalogue import Command
from bot.messages.format import person_name
from bot.plans import FieldChange, Plan, Step, Target
from toggl.workspace_users import (
    delete_workspace_user,
    delete_workspace_users,
    list_workspace_users,
    update_workspace_user,
)
from workers import cache_writes, lookups
from workers.changes import guards
from workers.changes.base import ChangeRun, StepKind, new_plan, same, step_for
from workers.job import JobContext
from workers.services import Services

MONEY_FIELDS = ("rate", "labor_cost")


def plan_user_set(svc: Services, job: JobContext) -> Plan:
    """Role, rates and working hours of one person: only the fields that differ are sent."""
    return _plan_update(svc, job, job.args["fields"])


def plan_deactivate(svc: Services, job: JobContext) -> Plan:
    """``inactive: true``."""
    return _plan_update(svc, job, {"inactive": True})


def plan_reactivate(svc: Services, job: JobContext) -> Plan:
    """``inactive: false``."""
    return _plan_update(svc, job, {"inactive": False})


def _plan_update(svc: Services, job: JobContext, fields: dict[str, Any]) -> Plan:
    wid = job.workspace_id
    [person] = lookups.find_people(svc, wid, [job.args["who"]])
    changed = {key: value for key, value in fields.items() if person.get(key) != value}
    action = "user.role" if "role" in changed else None
    plan = new_plan(svc, job, action=action, done=_done(fields, person))
    guards.check_currency(job.args.get("currency"), plan.currency)
    for key in MONEY_FIELDS:
        guards.check_amount(key.replace("_", " "), changed.get(key), svc.settings.max_amount, plan.currency)
    demoted = changed.get("role") not in (None, "admin") and person.get("role") == "admin"
    if demoted or changed.get("inactive") is True:
        guards.check_keeps_admin_rights([person], lookups.service_user_id(svc), lookups.workspace_users(svc, wid),
                                        "demoted" if demoted else "deactivated")
    plan.targets = [Target("workspace user", person_name(person), int(person["id"]),
                           [FieldChange(key, person.get(key), value) for key, value in changed.items()])]
    if changed:
        plan.steps = [step_for("workspace_user.update", update_workspace_user(wid, int(person["id"]), changed),
                               expect={key: person.get(key) for key in changed}, check={"id": int(person["id"])})]
    return plan


def _done(fields: dict[str, Any], person: dict[str, Any]) -> str:
    if set(fields) == {"inactive"}:
        return f"{'Deactivated' if fields['inactive'] else 'Reactivated'} {person_name(person)}"
    return f"Updated {person_name(person)}"


def plan_remove(svc: Services, job: JobContext) -> Plan:
    """One person: ``DELETE``; several: one bulk ``PATCH {"delete": [...]}``."""
    wid = job.workspace_id
    people = lookups.find_people(svc, wid, job.args["who"])
    guards.check_keeps_admin_rights(people, lookups.service_user_id(svc), lookups.workspace_users(svc, wid), "removed")
    plan = new_plan(svc, job, not_undoable="a removed person must be invited to the workspace again")
    count = "1 person" if len(people) == 1 else f"{len(people)} people"
    plan.done = f"Removed {count} from {plan.workspace_name}"
    plan.targets = [Target("workspace user", person_name(p), int(p["id"]), [FieldChange("membership", "member",
                                                                                        "removed")])
                    for p in people]
    ids = [int(p["id"]) for p in people]
    expect = {"membership": "member"}
    request = (delete_workspace_user(wid, ids[0]) if len(ids) == 1
               else delete_workspace_users(lookups.organization_id(svc, wid), wid, ids))
    plan.steps = [step_for("workspace_users.delete", request, expect=expect, check={"ids": ids})]
    return plan


def _members(run: ChangeRun) -> dict[int, dict[str, Any]]:
    return {int(p["id"]): p for p in list_workspace_users(run.api, run.plan.workspace_id)}


def _current_fields(run: ChangeRun, step: Step) -> dict[str, Any]:
    person = _members(run).get(step.check["id"])
    if person is None:
        return {"membership": "removed"}
    return {key: person.get(key) for key in step.expect}


def _fields_landed(run: ChangeRun, step: Step) -> Any:
    person = _members(run).get(step.check["id"])
    return person if person is not None and same(step.body, person) else None


def _current_members(run: ChangeRun, step: Step) -> dict[str, Any]:
    members = _members(run)
    return {"membership": "member" if all(i in members for i in step.check["ids"]) else "removed"}


def _removed(run: ChangeRun, step: Step) -> Any:
    return True if _members(run).keys().isdisjoint(step.check["ids"]) else None


def _remember_fields(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.update_listed(run.svc, run.plan.workspace_id, "workspace_users", step.check["id"],
                               cache_writes.merged(step.body, answer))


def _remember_removed(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.remove_listed(run.svc, run.plan.workspace_id, "workspace_users", step.check["ids"])


STEP_KINDS = {
    "workspace_user.update": StepKind(_current_fields, _fields_landed, _remember_fields),
    "workspace_users.delete": StepKind(_current_members, _removed, _remember_removed),
}
PLANNERS = {"user.set": plan_user_set, "user.deactivate": plan_deactivate, "user.reactivate": plan_reactivate,
            "user.remove": plan_remove}


def inverse_update(plan: Plan, results: dict[str, Any]) -> Command:
    """``user set`` / deactivate / reactivate → the previous values, by workspace-user id."""
    [target] = plan.targets
    who = {"workspace_user_id": target.id}
    before = {change.field: change.before for change in target.changes}
    if set(before) == {"inactive"}:
        return Command("user.reactivate" if plan.command["name"] == "user.deactivate" else "user.deactivate",
                       {"who": who}, plan.workspace_id)
    return Command("user.set", {"who": who, "fields": before}, plan.workspace_id)


INVERSES = {"user.set": inverse_update, "user.deactivate": inverse_update, "user.reactivate": inverse_update}
