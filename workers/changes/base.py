"""What every planner and step kind shares: the run of a change, step kinds, plan scaffolding."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from bot.plans import Plan, Step
from toggl.api import Request, TogglAPI
from workers import lookups
from workers.job import JobContext
from workers.services import Services


@dataclass
class ChangeRun:
    """One change being applied: the services, its plan, and the API client it writes with."""

    svc: Services
    plan: Plan
    api: TogglAPI
    ref: str = ""


@dataclass(frozen=True)
class StepKind:
    """How one kind of step is checked against Toggl, and what it does to the cached look-ups.

    ``current`` returns the step's fields as Toggl has them now (compared with
    ``Step.expect`` before a late apply); ``landed`` returns something (the
    created record, or True) when the step's effect is already in Toggl, else
    None (asked before a step that an earlier attempt may have sent). Both
    read Toggl, never the cache. ``remember`` writes the step's effect through
    to the cached look-ups, from Toggl's answer (or what ``landed`` found), so
    the next command needs no look-up (SPEC §12).
    """

    current: Callable[[ChangeRun, Step], dict[str, Any]]
    landed: Callable[[ChangeRun, Step], Any]
    remember: Callable[[ChangeRun, Step, Any], None]
    # The body as sent, when it holds what a plan must not (a webhook secret); default: the planned body.
    prepare: Callable[[ChangeRun, Step], Any] | None = None
    # The client the step is sent with, when not the plan's (Toggl's webhooks API has its own base URL).
    client: Callable[[ChangeRun], TogglAPI] | None = None


Planner = Callable[[Services, JobContext], Plan]


def new_plan(svc: Services, job: JobContext, *, action: str | None = None, done: str = "", **fields: Any) -> Plan:
    """A plan for the job's command in its workspace, with the workspace's name and currency."""
    workspace = lookups.workspace(svc, job.workspace_id) if job.workspace_id else {}
    return Plan(command=job.command.to_dict(), action=action or job.command.action or job.command.name,
                workspace_id=job.workspace_id or None, workspace_name=workspace.get("name", ""),
                currency=workspace.get("default_currency"), done=done, **fields)


def same(expected: dict[str, Any], found: dict[str, Any]) -> bool:
    """Whether ``found`` has every field of ``expected`` with the same value (lists as sets)."""
    def norm(value: Any) -> Any:
        return sorted(value) if isinstance(value, list) else value

    return all(norm(found.get(key)) == norm(value) for key, value in expected.items())


def step_for(kind: str, request: Request, **fields: Any) -> Step:
    """A plan step that sends ``request`` (built by a ``toggl`` resource module)."""
    return Step(kind, request.method, request.path, request.body, **fields)
