"""Plans for ``client rename|notes|archive|restore``, and their steps.

``PUT …/clients/{id}`` sends the whole client (name and notes), so its plan
starts from a fresh read, never from the cache. Archiving a client archives
its active projects too; the plan lists them, so undo restores exactly those.
"""
from __future__ import annotations

from typing import Any

from bot.catalogue import Command
from bot.plans import FieldChange, Plan, Step, Target
from toggl.clients import archive_client, list_clients, restore_client, update_client
from workers import cache_writes, lookups
from workers.changes.base import ChangeRun, StepKind, new_plan, step_for
from workers.job import JobContext
from workers.services import Services


def plan_rename(svc: Services, job: JobContext) -> Plan:
    """A new name; the notes are sent as they are now."""
    return _plan_update(svc, job, "name", job.args["name"])


def plan_notes(svc: Services, job: JobContext) -> Plan:
    """New notes; the name is sent as it is now."""
    return _plan_update(svc, job, "notes", job.args["notes"])


def _plan_update(svc: Services, job: JobContext, field: str, value: str) -> Plan:
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"], fresh=True)
    now = {"name": client.get("name") or "", "notes": client.get("notes") or ""}
    after = {**now, field: value}
    verb = f"Renamed client {now['name']} to {value}" if field == "name" else (
        f"Notes of client {now['name']} set to “{value}”" if value else f"Cleared the notes of client {now['name']}")
    plan = new_plan(svc, job, done=verb)
    plan.targets = [Target("client", now["name"], int(client["id"]),
                           [FieldChange(field, now[field], value)] if now[field] != value else [])]
    if now != after:
        plan.steps = [step_for("client.update", update_client(wid, int(client["id"]), after["name"], after["notes"]),
                               expect=now, check={"id": int(client["id"])})]
    return plan


def plan_archive(svc: Services, job: JobContext) -> Plan:
    """``POST …/archive``; the client's active projects are archived with it."""
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"])
    name = client.get("name") or ""
    plan = new_plan(svc, job, done=f"Archived client {name}")
    plan.targets = [Target("client", name, int(client["id"]))]
    if client.get("archived"):
        return plan
    projects = lookups.client_projects(svc, wid, int(client["id"]), active=True)
    plan.targets[0].changes = [FieldChange("archived", False, True)]
    plan.targets[0].details = {"projects": [int(p["id"]) for p in projects]}
    if projects:
        plan.done += f" and {len(projects)} of its projects"
        plan.notes = ["its active projects are archived with it: " + _names(projects)]
    plan.steps = [step_for("client.archive", archive_client(wid, int(client["id"])), expect={"archived": False},
                           check={"id": int(client["id"])})]
    return plan


def plan_restore(svc: Services, job: JobContext) -> Plan:
    """``POST …/restore``: the client, and the projects named (undo) or all of them (``projects=all``)."""
    wid = job.workspace_id
    client = lookups.find_client(svc, wid, job.args["client"])
    name = client.get("name") or ""
    plan = new_plan(svc, job, done=f"Restored client {name}")
    plan.targets = [Target("client", name, int(client["id"]))]
    if not client.get("archived"):
        return plan
    projects = job.args.get("projects")
    request = restore_client(wid, int(client["id"]), project_ids=projects if isinstance(projects, list) else None,
                             all_projects=projects == "all")
    plan.targets[0].changes = [FieldChange("archived", True, False)]
    archived = lookups.client_projects(svc, wid, int(client["id"]), active=False)
    if isinstance(projects, list):
        plan.notes = [f"its projects {', '.join(str(p) for p in projects)} are restored with it"]
    elif projects == "all":
        plan.notes = ["its archived projects are restored with it"
                      + (": " + _names(archived) if archived else " (it has none)")]
        if archived:
            plan.done += f" and {len(archived)} of its projects"
    elif archived:
        plan.notes = [f"its archived projects stay archived: {_names(archived)}; "
                      "`projects=all` restores them with the client"]
    plan.steps = [step_for("client.restore", request, expect={"archived": True}, check={"id": int(client["id"])})]
    return plan


def _names(projects: list[dict[str, Any]]) -> str:
    return ", ".join(f"{p.get('name')} (id {p['id']})" for p in projects)


def _client(run: ChangeRun, step: Step) -> dict[str, Any] | None:
    return next((c for c in list_clients(run.api, run.plan.workspace_id) if int(c["id"]) == step.check["id"]), None)


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    client = _client(run, step)
    if client is None:
        return {"membership": "deleted"}
    return {"name": client.get("name") or "", "notes": client.get("notes") or "",
            "archived": bool(client.get("archived"))}


def _updated(run: ChangeRun, step: Step) -> Any:
    client = _client(run, step)
    return client if client is not None and (client.get("name"), client.get("notes") or "") == (
        step.body["name"], step.body["notes"]) else None


def _archived(run: ChangeRun, step: Step) -> Any:
    client = _client(run, step)
    return run.plan.targets[step.target].details.get("projects", []) if client and client.get("archived") else None


def _restored(run: ChangeRun, step: Step) -> Any:
    client = _client(run, step)
    return client if client is not None and not client.get("archived") else None


def _remember_updated(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.update_listed(run.svc, run.plan.workspace_id, "clients", step.check["id"],
                               cache_writes.merged(step.body, answer))


def _remember_archived(run: ChangeRun, step: Step, answer: Any) -> None:
    """The client and the projects Toggl archived with it (its answer lists their ids)."""
    svc, wid, client_id = run.svc, run.plan.workspace_id, step.check["id"]
    cache_writes.update_listed(svc, wid, "clients", client_id, {"archived": True})
    archived = set(answer if isinstance(answer, list) else run.plan.targets[step.target].details.get("projects", []))
    cache_writes.update_projects(svc, wid, {"active": False}, lambda p: int(p["id"]) in archived)


def _remember_restored(run: ChangeRun, step: Step, answer: Any) -> None:
    """The client, and the projects restored with it: those named, or all of the client's."""
    svc, wid, client_id = run.svc, run.plan.workspace_id, step.check["id"]
    cache_writes.update_listed(svc, wid, "clients", client_id, {**cache_writes.merged({}, answer), "archived": False})
    body = step.body or {}
    if body.get("restore_all_projects"):
        cache_writes.update_projects(svc, wid, {"active": True}, lambda p: p.get("client_id") == client_id)
    elif body.get("projects"):
        restored = set(body["projects"])
        cache_writes.update_projects(svc, wid, {"active": True}, lambda p: int(p["id"]) in restored)


STEP_KINDS = {
    "client.update": StepKind(_current, _updated, _remember_updated),
    "client.archive": StepKind(_current, _archived, _remember_archived),
    "client.restore": StepKind(_current, _restored, _remember_restored),
}
PLANNERS = {"client.rename": plan_rename, "client.notes": plan_notes, "client.archive": plan_archive,
            "client.restore": plan_restore}


def inverse_update(plan: Plan, results: dict[str, Any]) -> Command:
    """The previous name or notes."""
    [target] = plan.targets
    [change] = target.changes
    args = {"client": {"id": target.id}, change.field: change.before}
    return Command("client.rename" if change.field == "name" else "client.notes", args, plan.workspace_id)


def inverse_archive(plan: Plan, results: dict[str, Any]) -> Command:
    """Restore the client and exactly the projects that archiving archived."""
    [target] = plan.targets
    archived = results.get("0") if isinstance(results.get("0"), list) else target.details.get("projects", [])
    return Command("client.restore", {"client": {"id": target.id}, "projects": list(archived)}, plan.workspace_id)


def inverse_restore(plan: Plan, results: dict[str, Any]) -> Command:
    """Archive the client again (Toggl archives its active projects with it)."""
    return Command("client.archive", {"client": {"id": plan.targets[0].id}}, plan.workspace_id)


INVERSES = {"client.rename": inverse_update, "client.notes": inverse_update, "client.archive": inverse_archive,
            "client.restore": inverse_restore}
