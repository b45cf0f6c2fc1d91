"""``undo <ref>``: the inverse of a done change, planned like any change.

The inverse command is built from the original plan's ``before`` values (and,
for things Toggl created, from its answers); it names every target by id, so
a rename in between cannot redirect it. Its plan goes through approval and
apply like any other, and the original ref remembers which ref undid it.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from bot.catalogue import Command
from bot.plans import Plan
from bot.refs import RefRecord, State
from workers import lookups
from workers.changes.base import Planner
from workers.errors import NotUndoable
from workers.job import JobContext
from workers.services import Services

Inverse = Callable[[Plan, dict[str, Any]], Command]


def refusal(original: RefRecord | None) -> str | None:
    """Why a ref cannot be undone (None: it can, if its command has an inverse)."""
    if original is None:
        return "there is no such ref (refs are kept for 14 days)"
    if not original.command or not Command.from_dict(original.command).spec.change:
        return "it changed nothing: only changes can be undone"
    if original.state != State.DONE:
        return f"it did not complete (it is {original.state.replace('_', ' ')})"
    if original.undone_by:
        return f"it is already undone by ref {original.undone_by}"
    plan = Plan.from_dict(original.plan) if original.plan else None
    if plan is None or plan.changes_nothing:
        return "it changed nothing"
    return plan.not_undoable or None


def plan_undo(svc: Services, job: JobContext, *, planners: dict[str, Planner],
              inverses: dict[str, Inverse]) -> Plan:
    """The plan of the inverse of ``job.args["ref"]``."""
    ref = job.args["ref"]
    original = svc.refs.get(ref)
    reason = refusal(original)
    plan = Plan.from_dict(original.plan) if reason is None else None
    name = plan.command["name"] if plan else ""
    if reason is None and name not in inverses:
        reason = f"`{name.replace('.', ' ')}` has no inverse"
    if reason is not None:
        raise NotUndoable(ref, reason)
    results = {key: mark.get("result") for key, mark in original.progress.items()}
    inverse = inverses[name](plan, results)
    workspace_id = lookups.resolve_workspace_id(svc, inverse.workspace_id) if inverse.spec.takes_ws else 0
    inner = dataclasses.replace(job, command=inverse, workspace_id=workspace_id)
    undo = planners[inverse.name](svc, inner)
    undo.undo_of = ref
    undo.done = f"Undid ref {ref}: {undo.done[:1].lower()}{undo.done[1:]}"
    return undo
