"""Plans for ``alert add|delete``, and their steps: project alerts on a share of the project's estimate.

``receiver_users`` are global user ids; ``thresholds`` whole percentages.
"""
from __future__ import annotations

from typing import Any

from bot.catalogue import Command
from bot.messages.format import person_name
from bot.plans import FieldChange, Plan, Step, Target
from toggl.alerts import create_alert, delete_alert, list_alerts
from workers import cache_writes, lookups
from workers.changes.base import ChangeRun, StepKind, new_plan, same, step_for
from workers.job import JobContext
from workers.services import Services

ROLE_WORDS = {"admin": "admins", "projectlead": "project leads", "teamlead": "team leads", "user": "members"}


def receivers_in_words(svc: Services, wid: int, roles: list[str], user_ids: list[int]) -> list[str]:
    """``["admins", "Cat Coder (cat@acme.test)"]``: roles in words, people by name (global ids)."""
    people = {int(p["uid"]): person_name(p) for p in lookups.workspace_users(svc, wid) if p.get("uid")} \
        if user_ids else {}
    return [ROLE_WORDS.get(role, role) for role in roles] + [people.get(int(uid), f"Toggl user {uid}")
                                                            for uid in user_ids]


def describe(svc: Services, wid: int, alert: dict[str, Any]) -> str:
    """``#30001 (project Website at 80%, 100%: admins)``."""
    name = alert.get("project_name") or f"project {alert.get('project_id')}"
    shares = ", ".join(f"{t}%" for t in alert.get("thresholds") or [])
    who = ", ".join(receivers_in_words(svc, wid, list(alert.get("receiver_roles") or []),
                                       list(alert.get("receiver_users") or []))) or "nobody"
    return f"#{alert.get('id')} (project {name} at {shares}: {who})"


def plan_add(svc: Services, job: JobContext) -> Plan:
    """``POST …/alerts`` for one project, its thresholds and receivers."""
    wid, args = job.workspace_id, job.args
    project = lookups.find_project(svc, wid, args["project"])
    user_ids = [int(p["uid"]) for p in lookups.find_people(svc, wid, args.get("people") or [])]
    roles = list(args.get("roles") or [])
    name = project.get("name") or str(project["id"])
    plan = new_plan(svc, job, done=f"Added an alert on project {name}")
    plan.targets = [Target("new project alert", f"on project {name} (id {project['id']})", None, [
        FieldChange("thresholds", None, [f"{t}% of its estimate" for t in args["thresholds"]]),
        FieldChange("receivers", None, receivers_in_words(svc, wid, roles, user_ids))])]
    if not project.get("estimated_hours") and not project.get("estimated_seconds"):
        plan.notes = [f"project {name} has no estimate yet: the alert fires once it has one"]
    plan.steps = [step_for("alert.create", create_alert(wid, int(project["id"]), args["thresholds"], roles, user_ids))]
    return plan


def plan_delete(svc: Services, job: JobContext) -> Plan:
    """``DELETE …/alerts/{id}``; what it was is kept, so undo can create it again."""
    wid, alert_id = job.workspace_id, job.args["alert_id"]
    alert = lookups.find_alert(svc, wid, alert_id)
    kept = {"project_id": alert.get("project_id"), "thresholds": list(alert.get("thresholds") or []),
            "receiver_roles": list(alert.get("receiver_roles") or []),
            "receiver_users": list(alert.get("receiver_users") or [])}
    plan = new_plan(svc, job, done=f"Deleted alert #{alert_id}")
    plan.targets = [Target("project alert", describe(svc, wid, alert), alert_id,
                           [FieldChange("state", "exists", "deleted")], details={"alert": kept})]
    plan.steps = [step_for("alert.delete", delete_alert(wid, alert_id), expect={"state": "exists"},
                           check={"id": alert_id})]
    return plan


def _one(run: ChangeRun, step: Step) -> dict[str, Any] | None:
    return next((a for a in list_alerts(run.api, run.plan.workspace_id) if int(a.get("id") or 0) == step.check["id"]),
                None)


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    return {"state": "exists" if _one(run, step) is not None else "deleted"}


def _fields(alert: dict[str, Any]) -> dict[str, Any]:
    return {"project_id": alert.get("project_id"), "thresholds": list(alert.get("thresholds") or []),
            "receiver_roles": list(alert.get("receiver_roles") or []),
            "receiver_users": list(alert.get("receiver_users") or [])}


def _created(run: ChangeRun, step: Step) -> Any:
    wanted = _fields(step.body)
    return next((a for a in list_alerts(run.api, run.plan.workspace_id) if same(wanted, _fields(a))), None)


def _deleted(run: ChangeRun, step: Step) -> Any:
    return True if _one(run, step) is None else None


def _remember_created(run: ChangeRun, step: Step, answer: Any) -> None:
    if isinstance(answer, dict) and answer.get("id"):
        cache_writes.add_listed(run.svc, run.plan.workspace_id, "alerts", cache_writes.merged(step.body, answer))
    else:
        lookups.forget(run.svc, run.plan.workspace_id, "alerts")


def _remember_deleted(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.remove_listed(run.svc, run.plan.workspace_id, "alerts", [step.check["id"]])


STEP_KINDS = {
    "alert.create": StepKind(lambda run, step: {}, _created, _remember_created),
    "alert.delete": StepKind(_current, _deleted, _remember_deleted),
}
PLANNERS = {"alert.add": plan_add, "alert.delete": plan_delete}


def inverse_add(plan: Plan, results: dict[str, Any]) -> Command:
    """Delete the alert that was created."""
    created = results.get("0") or {}
    return Command("alert.delete", {"alert_id": int(created.get("id") or 0)}, plan.workspace_id)


def inverse_delete(plan: Plan, results: dict[str, Any]) -> Command:
    """Create the deleted alert again: same project, thresholds and receivers."""
    kept = plan.targets[0].details["alert"]
    return Command("alert.add", {"project": {"id": int(kept["project_id"])}, "thresholds": kept["thresholds"],
                                 "roles": kept["receiver_roles"],
                                 "people": [{"user_id": uid} for uid in kept["receiver_users"]]},
                   plan.workspace_id)


INVERSES = {"alert.add": inverse_add, "alert.delete": inverse_delete}
