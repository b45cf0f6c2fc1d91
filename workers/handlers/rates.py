"""``rate set`` and ``rate show``: the level and id of each kind of target."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages.blocks import Message
from bot.messages.format import person_name
from toggl.rates import create_rate, list_rates
from workers import lookups
from workers.handlers.base import JobContext
from workers.messages import rates as messages
from workers.services import Services


@dataclass(frozen=True)
class RateTarget:
    """What Toggl calls the target, how people call it, and which caches it touches."""

    level: str
    level_id: int
    label: str
    stale: tuple[str, ...]


def resolve_target(svc: Services, wid: int, target: dict[str, Any]) -> RateTarget:
    """Turn a parsed target into Toggl's ``level`` and ``level_id`` (the right kind of id)."""
    level = target["level"]
    if level == "workspace":
        return RateTarget("workspace", wid, f"workspace {lookups.workspace(svc, wid).get('name')}",
                          ("workspace",))
    if level == "task":
        return RateTarget("task", target["task_id"], f"task {target['task_id']}", ())
    if level == "workspace_user":
        [person] = lookups.find_people(svc, wid, [target["who"]])
        return RateTarget("workspace_user", int(person["id"]), person_name(person), ("workspace_users",))
    project = lookups.find_project(svc, wid, target["project"])
    label = f"project {project.get('name')}"
    if level == "project":
        return RateTarget("project", int(project["id"]), label, (f"project:{project['id']}",))
    [person] = lookups.find_people(svc, wid, [target["who"]])
    member = lookups.find_project_user(svc, wid, project, person)
    return RateTarget("project_user", int(member["id"]), f"{person_name(person)} on {label}",
                      (f"project_users:{project['id']}",))


def set_rate(svc: Services, job: JobContext) -> Message:
    """``POST /workspaces/{wid}/rates`` with ``mode`` or ``start``, never both."""
    args = job.args
    wid = job.workspace_id
    target = resolve_target(svc, wid, args["target"])
    body: dict[str, Any] = {"amount": float(args["amount"]), "level": target.level,
                            "level_id": target.level_id, "type": args["type"]}
    if args.get("start"):
        body["start"] = f"{args['start']}T00:00:00Z"
    else:
        body["mode"] = args.get("mode", "start-today")
    client = svc.toggl()

    def landed() -> bool | None:
        rates = list_rates(client, wid, target.level, target.level_id, args["type"])
        current = [r for r in rates if not r.get("end") and not r.get("deleted_at")]
        return True if any(float(r.get("amount") or 0) == body["amount"] for r in current) else None

    currency = lookups.workspace(svc, wid).get("default_currency")  # before the cache is dropped
    if not (job.attempt > 1 and landed()):
        create_rate(client, wid, body, read_back=landed)
    lookups.forget(svc, wid, *target.stale)
    return messages.rate_set(target.label, args, currency, job.ref)


def show_rate(svc: Services, job: JobContext) -> Message:
    """``GET /workspaces/{wid}/rates/{level}/{level_id}?type=billable_rates|labor_costs``."""
    args = job.args
    wid = job.workspace_id
    target = resolve_target(svc, wid, args["target"])
    rates = list_rates(svc.toggl(), wid, target.level, target.level_id, args["type"])
    currency = lookups.workspace(svc, wid).get("default_currency")
    return messages.rate_history(target.label, args["type"], rates, currency, job.ref)
