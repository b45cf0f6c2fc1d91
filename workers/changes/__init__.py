"""Changes: every command that writes to Toggl is planned, then applied exactly once.

Each area module has ``PLANNERS`` (command → plan), ``STEP_KINDS`` (how each
kind of step is checked against Toggl) and ``INVERSES`` (plan → the command
that undoes it). ``workers.changes.flow`` runs them.
"""
from __future__ import annotations

from functools import partial

from workers.changes import alerts, clients, people, personal, rates, reminders, undo, watches, workspace
from workers.changes.base import Planner, StepKind

_AREAS = (people, rates, reminders, clients, alerts, watches, workspace, personal)
INVERSES: dict[str, undo.Inverse] = {name: inverse for area in _AREAS
                                     for name, inverse in getattr(area, "INVERSES", {}).items()}
PLANNERS: dict[str, Planner] = {name: planner for area in _AREAS for name, planner in area.PLANNERS.items()}
PLANNERS["undo"] = partial(undo.plan_undo, planners=dict(PLANNERS), inverses=INVERSES)
STEP_KINDS: dict[str, StepKind] = {kind: how for area in _AREAS for kind, how in area.STEP_KINDS.items()}
