"""The plan of a change: made once in the worker, stored with the ref, never changed.

A plan names every target by name and id, gives each field it changes as
``before → after`` (Toggl's field names and values; ``bot.messages.plans``
puts them in words), says when the change takes effect, and lists the exact
Toggl requests (steps) that carry it out. The approval card, the result,
``status``, the audit line and ``undo`` all read the plan.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FieldChange:
    """One field of one target: its value before and after the change."""

    field: str
    before: Any
    after: Any


@dataclass
class Target:
    """Something the change touches: ``kind`` and ``name`` as people say them, Toggl's ``id``."""

    kind: str  # "workspace user", "client", "tracking reminder", "workspace", "billable rate", …
    name: str
    id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # facts kept for undo (a deleted reminder, …)


@dataclass
class Step:
    """One Toggl request of the plan, and what must hold for it to be sent."""

    kind: str  # how the worker sends it and checks it landed ("workspace_user.update", …)
    method: str
    path: str
    body: Any = None
    target: int = 0  # index into Plan.targets
    expect: dict[str, Any] = field(default_factory=dict)  # fields as they must still be right before sending
    check: dict[str, Any] = field(default_factory=dict)  # what the read-back needs (ids, …)


@dataclass
class Plan:
    """Everything a change will do, worked out before anything is written."""

    command: dict[str, Any]  # the planned command (for an undo: the inverse command)
    action: str  # its action name, for approvals (user.role, rate.retroactive, …)
    workspace_id: int | None = None
    workspace_name: str = ""
    currency: str | None = None
    targets: list[Target] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    effective: str = ""  # when it takes effect, in words ("from today on")
    done: str = ""  # the result's headline once applied ("Deactivated Cat Coder (cat@acme.test)")
    notes: list[str] = field(default_factory=list)
    personal: bool = False  # sent with the requester's own token
    not_undoable: str = ""  # why this change cannot be undone ("" = it can)
    undo_of: str = ""  # the ref this plan undoes

    @property
    def changes_nothing(self) -> bool:
        """True when Toggl already is as asked: there is nothing to send."""
        return not self.steps

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored with the ref."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Plan":
        """Inverse of :meth:`to_dict`."""
        targets = [Target(**{**t, "changes": [FieldChange(**c) for c in t.get("changes", [])]})
                   for t in data.get("targets", [])]
        steps = [Step(**s) for s in data.get("steps", [])]
        return cls(**{**data, "targets": targets, "steps": steps})
