"""Why a command cannot be done, as typed errors; ``workers.messages.failures`` words them.

Look-ups and handlers raise these with the facts (what was looked for, what
was found instead); only the failure path turns them into sentences.
"""
from __future__ import annotations

from typing import Any


class CommandFailed(Exception):
    """The command cannot be done, for a reason the requester can act on."""


class NotConnected(CommandFailed):
    """The caller has no stored Toggl token (or it can no longer be read)."""


class TokenLost(CommandFailed):
    """The caller's stored token could no longer be decrypted (the key changed) and was deleted."""


class TokenOfSomeoneElse(CommandFailed):
    """``connect`` with a token whose Toggl account is not the caller's (by email)."""


class SlackEmailUnknown(CommandFailed):
    """Slack did not tell the caller's own email, so a pasted token cannot be checked against it."""


class PendingTokenGone(CommandFailed):
    """The token pasted with ``connect`` was gone when the worker came to check it."""


class NoDefaultWorkspace(CommandFailed):
    """Neither ``ws=``, ``TOGGL_WORKSPACE_ID`` nor the admin's default workspace names one."""


class WorkspaceNotAllowed(CommandFailed):
    """A workspace outside ``TOGGLBOT_WORKSPACES``."""

    def __init__(self, workspace_id: int):
        super().__init__(str(workspace_id))
        self.workspace_id = workspace_id


class PersonNotInWorkspace(CommandFailed):
    """Nobody with that email or id is in the workspace; ``similar`` are people named like them."""

    def __init__(self, label: str, workspace_id: int, similar: list[dict[str, Any]] | None = None):
        super().__init__(label)
        self.label = label
        self.workspace_id = workspace_id
        self.similar = similar or []


class NoSlackEmail(CommandFailed):
    """Slack gave no email for a mentioned user."""

    def __init__(self, slack_user: str):
        super().__init__(slack_user)
        self.slack_user = slack_user


class Ambiguous(CommandFailed):
    """Several things of one kind have that name."""

    def __init__(self, kind: str, label: str, candidates: list[dict[str, Any]]):
        super().__init__(label)
        self.kind, self.label, self.candidates = kind, label, candidates


class NotFound(CommandFailed):
    """Nothing of that kind has that name or id; ``similar`` are near misses."""

    def __init__(self, kind: str, label: str, similar: list[dict[str, Any]]):
        super().__init__(label)
        self.kind, self.label, self.similar = kind, label, similar


class NotProjectMember(CommandFailed):
    """A project-user rate for someone who is not on the project, or on it only through a group."""

    def __init__(self, person: dict[str, Any], project: dict[str, Any], group: dict[str, Any] | None = None):
        super().__init__(str(project.get("id")))
        self.person, self.project, self.group = person, project, group


class Guarded(CommandFailed):
    """A change the bot refuses to plan: it would lock the bot or the workspace out, or is too large."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class WrongCurrency(CommandFailed):
    """An amount given in a currency (``rate set @ann 85 USD``) other than the workspace's."""

    def __init__(self, given: str, workspace_currency: str):
        super().__init__(given)
        self.given, self.workspace_currency = given, workspace_currency


class ChangedSincePlanned(CommandFailed):
    """Toggl no longer matches the plan's ``before`` values: nothing is applied."""

    def __init__(self, target: str, field: str, now: Any, expected: Any, currency: str | None = None):
        super().__init__(field)
        self.target, self.field, self.now, self.expected, self.currency = target, field, now, expected, currency


class NotUndoable(CommandFailed):
    """``undo`` of a ref that cannot be undone; ``reason`` says why."""

    def __init__(self, ref: str, reason: str):
        super().__init__(reason)
        self.ref, self.reason = ref, reason


class QuotaGaveUp(CommandFailed):
    """Toggl's hourly quota stayed used up for a day; the job stops waiting."""
