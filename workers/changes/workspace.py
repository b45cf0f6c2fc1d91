"""Plans for ``workspace set``, and its step: ``PUT /workspaces/{wid}`` with the settings that change."""
from __future__ import annotations

from typing import Any

from bot.catalogue import Command
from bot.plans import FieldChange, Plan, Step, Target
from toggl.workspaces import create_workspace, get_workspace, list_my_workspaces, update_workspace
from workers import cache_writes, lookups
from workers.changes import guards
from workers.changes.base import ChangeRun, StepKind, new_plan, same, step_for
from workers.job import JobContext
from workers.services import Services


def plan_workspace_set(svc: Services, job: JobContext) -> Plan:
    """The settings given, each ``before → after``; only those that differ are sent."""
    wid = job.workspace_id
    workspace = lookups.workspace(svc, wid)
    changed = {key: value for key, value in job.args["fields"].items() if workspace.get(key) != value}
    plan = new_plan(svc, job, done=f"Updated workspace {workspace.get('name')}")
    guards.check_currency(job.args.get("currency"), job.args["fields"].get("default_currency") or plan.currency)
    guards.check_amount("default hourly rate", changed.get("default_hourly_rate"), svc.settings.max_amount,
                        changed.get("default_currency") or plan.currency)
    plan.targets = [Target("workspace", workspace.get("name") or str(wid), wid,
                           [FieldChange(key, workspace.get(key), value) for key, value in changed.items()])]
    if changed:
        plan.steps = [step_for("workspace.update", update_workspace(wid, changed),
                               expect={key: workspace.get(key) for key in changed})]
    return plan


def plan_workspace_create(svc: Services, job: JobContext) -> Plan:
    """``POST /organizations/{oid}/workspaces`` in the organization of the workspace the command names
    (``ws=``, else the default one). The workspaces the token sees now are recorded, so that a retry can
    tell the new one from an old one of the same name."""
    fields = dict(job.args)
    organization = lookups.organization_id(svc, job.workspace_id)
    plan = new_plan(svc, job, done=f"Created workspace {fields['name']}",
                    not_undoable="Toggl's API cannot delete a workspace")
    plan.currency = fields.get("default_currency") or "USD"  # Toggl's currency for a new workspace
    guards.check_amount("default hourly rate", fields.get("default_hourly_rate"), svc.settings.max_amount,
                        fields.get("default_currency") or "USD")
    known = [int(ws["id"]) for ws in list_my_workspaces(svc.toggl())]
    plan.targets = [Target("new workspace", fields["name"], None,
                           [FieldChange(key, None, value) for key, value in fields.items()])]
    plan.notes = [f"in organization {organization}, the one of workspace {plan.workspace_name}; you become its admin",
                  "the bot acts on it once it is added to the bot's workspaces"]
    plan.steps = [step_for("workspace.create", create_workspace(organization, fields),
                           check={"organization_id": organization, "known": known})]
    return plan


def _created(run: ChangeRun, step: Step) -> Any:
    """A workspace of that name in that organization that was not there when the change was planned."""
    return next((ws for ws in list_my_workspaces(run.api)
                 if ws.get("name") == step.body["name"] and ws.get("organization_id") == step.check["organization_id"]
                 and int(ws["id"]) not in step.check["known"]), None)


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    workspace = get_workspace(run.api, run.plan.workspace_id)
    return {key: workspace.get(key) for key in step.expect}


def _landed(run: ChangeRun, step: Step) -> Any:
    workspace = get_workspace(run.api, run.plan.workspace_id)
    return workspace if same(step.body, workspace) else None


def _remember(run: ChangeRun, step: Step, answer: Any) -> None:
    cache_writes.update_record(run.svc, run.plan.workspace_id, "workspace", cache_writes.merged(step.body, answer))


STEP_KINDS = {"workspace.update": StepKind(_current, _landed, _remember),
              # a new workspace is in no cached look-up: the bot's workspaces are configured
              "workspace.create": StepKind(lambda run, step: {}, _created, lambda run, step, answer: None)}
PLANNERS = {"workspace.set": plan_workspace_set, "workspace.create": plan_workspace_create}


def inverse_set(plan: Plan, results: dict[str, Any]) -> Command:
    """The previous values of the settings that changed."""
    [target] = plan.targets
    return Command("workspace.set", {"fields": {c.field: c.before for c in target.changes}}, plan.workspace_id)


INVERSES = {"workspace.set": inverse_set}
