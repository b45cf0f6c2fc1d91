"""Plans for ``rate set``, and the rate targets ``rate show`` shares.

``POST /workspaces/{wid}/rates`` with ``level`` and ``level_id`` (the right
kind of id for each level) and ``mode`` or ``start``, never both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from bot.catalogue import Command
from bot.messages.format import RATE_TYPE_WORDS, money, person_name
from bot.plans import FieldChange, Plan, Step, Target
from toggl.rates import create_rate, current_rate, list_rates, moment
from workers import cache_writes, lookups
from workers.changes import guards
from workers.changes.base import ChangeRun, StepKind, new_plan, step_for
from workers.job import JobContext
from workers.services import Services

EFFECT_WORDS = {
    "start-today": "from today on (earlier time entries keep their rate)",
    "override-current": "from the start of the current rate, so recent time entries are recalculated",
    "override-all": "for all time, so every past time entry is recalculated",
}


@dataclass(frozen=True)
class RateTarget:
    """What Toggl calls the target, how people call it, and the record that holds its rate."""

    level: str
    level_id: int
    label: str
    selector: dict[str, Any]  # the target again, by ids (for undo)
    record: dict[str, Any] = field(default_factory=dict)


def resolve_target(svc: Services, wid: int, target: dict[str, Any]) -> RateTarget:
    """Turn a parsed target into Toggl's ``level`` and ``level_id`` (the right kind of id)."""
    level = target["level"]
    if level == "workspace":
        workspace = lookups.workspace(svc, wid)
        return RateTarget("workspace", wid, f"workspace {workspace.get('name')}", {"level": "workspace"}, workspace)
    if level == "task":
        return RateTarget("task", target["task_id"], f"task {target['task_id']}", dict(target))
    if level == "workspace_user":
        [person] = lookups.find_people(svc, wid, [target["who"]])
        return RateTarget("workspace_user", int(person["id"]), person_name(person),
                          {"level": level, "who": {"workspace_user_id": int(person["id"])}}, person)
    project = lookups.find_project(svc, wid, target["project"])
    label = f"project {project.get('name')}"
    if level == "project":
        return RateTarget("project", int(project["id"]), label,
                          {"level": level, "project": {"id": int(project["id"])}}, project)
    [person] = lookups.find_people(svc, wid, [target["who"]])
    member = lookups.find_project_user(svc, wid, project, person)
    return RateTarget("project_user", int(member["id"]), f"{person_name(person)} on {label}",
                      {"level": level, "project": {"id": int(project["id"])},
                       "who": {"workspace_user_id": int(person["id"])}}, member)


# Records whose own field holds the rate in force, so no rate history is read for them.
RECORD_FIELD = {("workspace_user", "billable_rates"): "rate", ("workspace_user", "labor_rates"): "labor_cost",
                ("workspace", "billable_rates"): "default_hourly_rate", ("project", "billable_rates"): "rate",
                ("project_user", "billable_rates"): "rate", ("project_user", "labor_rates"): "labor_cost"}


def amount_now(svc: Services, wid: int, target: RateTarget, rate_type: str) -> float | None:
    """The amount in force now: from the cached record when it holds it, else from the (cached) history."""
    field_name = RECORD_FIELD.get((target.level, rate_type))
    if field_name is not None:
        value = target.record.get(field_name)
        return None if value is None else float(value)
    return lookups.rate_now(svc, wid, target.level, target.level_id, rate_type)


def plan_rate_set(svc: Services, job: JobContext) -> Plan:
    """A new rate for one target, with the amount in force now as its ``before``."""
    args, wid = job.args, job.workspace_id
    target = resolve_target(svc, wid, args["target"])
    before = amount_now(svc, wid, target, args["type"])
    after = float(args["amount"])
    what = RATE_TYPE_WORDS[args["type"]]
    plan = new_plan(svc, job)
    guards.check_currency(args.get("currency"), plan.currency)
    guards.check_amount(what, after, svc.settings.max_amount, plan.currency)
    body: dict[str, Any] = {"amount": after, "level": target.level, "level_id": target.level_id, "type": args["type"]}
    if args.get("start"):
        body["start"] = f"{args['start']}T00:00:00Z"
        plan.effective = f"from {args['start']} on" + (" (time entries since then are recalculated)"
                                                     if args["start"] < date.today().isoformat() else "")
    else:
        body["mode"] = args.get("mode", "start-today")
        plan.effective = EFFECT_WORDS[body["mode"]]
    plan.done = f"{what.capitalize()} of {target.label} set to {money(after, plan.currency)}"
    plan.targets = [Target(what, target.label, target.level_id, [FieldChange("amount", before, after)],
                           details={"selector": target.selector})]
    plan.steps = [step_for("rate.create", create_rate(wid, body), expect={"amount": before},
                       check={"level": target.level, "level_id": target.level_id, "type": args["type"],
                              "project_id": (target.selector.get("project") or {}).get("id")})]
    if before is None:
        plan.not_undoable = "there was no rate of its own before, and Toggl's API cannot delete a rate"
    return plan


def _rates(run: ChangeRun, step: Step) -> list[dict[str, Any]]:
    check = step.check
    return list_rates(run.api, run.plan.workspace_id, check["level"], check["level_id"], check["type"])


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    rate = current_rate(_rates(run, step))
    return {"amount": None if rate is None else float(rate["amount"])}


def _landed(run: ChangeRun, step: Step) -> Any:
    """The new rate is in the history: starting on the planned day, or (a mode) in force now."""
    amount = float(step.body["amount"])
    rates = _rates(run, step)
    if "start" in step.body:
        day = moment(step.body["start"])
        found = [r for r in rates if not r.get("deleted_at") and moment(r.get("start")) == day
                 and float(r.get("amount") or 0) == amount]
        return found[0] if found else None
    rate = current_rate(rates)
    return rate if rate is not None and float(rate.get("amount") or 0) == amount else None


def _remember(run: ChangeRun, step: Step, answer: Any) -> None:
    """The new amount is the one in force now (a mode, or a start today): write it to the record that holds
    it. A start in the future changes nothing now; one in the past may be overridden by a later rate in
    the history, so that target's cached amounts are dropped."""
    svc, wid, check = run.svc, run.plan.workspace_id, step.check
    level, level_id, rate_type = check["level"], check["level_id"], check["type"]
    field_name = RECORD_FIELD.get((level, rate_type))
    history = f"rate:{level}:{level_id}:{rate_type}"
    day = step.body.get("start", "")[:10]
    today = datetime.now(timezone.utc).date().isoformat()
    if day and day > today:
        return
    if day and day < today:
        lookups.forget(svc, wid, history, "workspace_users", "workspace", f"project:{level_id}",
                       f"project_users:{check.get('project_id')}")
        return
    amount = float(step.body["amount"])
    if field_name is None:
        svc.cache.put(lookups.key(wid, history), {"amount": amount})
    elif level == "workspace_user":
        cache_writes.update_listed(svc, wid, "workspace_users", level_id, {field_name: amount})
    elif level == "workspace":
        cache_writes.update_record(svc, wid, "workspace", {field_name: amount})
    elif level == "project":
        cache_writes.update_projects(svc, wid, {field_name: amount}, lambda p: int(p["id"]) == level_id)
    else:
        cache_writes.update_listed(svc, wid, f"project_users:{check['project_id']}", level_id, {field_name: amount})


STEP_KINDS = {"rate.create": StepKind(_current, _landed, _remember)}
PLANNERS = {"rate.set": plan_rate_set}


def inverse_rate(plan: Plan, results: dict[str, Any]) -> Command:
    """The previous amount, with the same mode or start."""
    [target] = plan.targets
    [step] = plan.steps
    args = {"target": target.details["selector"], "amount": f"{target.changes[0].before:g}", "type": step.body["type"]}
    if "start" in step.body:
        args["start"] = step.body["start"][:10]
    else:
        args["mode"] = step.body["mode"]
    return Command("rate.set", args, plan.workspace_id)


INVERSES = {"rate.set": inverse_rate}
