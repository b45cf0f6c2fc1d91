"""The command catalogue and the parsed-command value that travels in jobs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CommandSpec:
    """One row of SPEC §4: how to write it, what it does, who may run it."""

    name: str
    usage: str
    summary: str
    action: str | None = None
    admin_only: bool = True
    queued: bool = True  # False: answered in the ack, no job
    approvers_too: bool = False  # admin-only, but approvers may run it as well


CATALOG: dict[str, CommandSpec] = {spec.name: spec for spec in (
    CommandSpec("help", "/toggl help [command]", "show what you can do", admin_only=False, queued=False),
    CommandSpec("connect", "/toggl connect <toggl-api-token>",
                "link your own Toggl account (token from Toggl › Profile settings)", admin_only=False),
    CommandSpec("disconnect", "/toggl disconnect", "forget your Toggl token", admin_only=False, queued=False),
    CommandSpec("me", "/toggl me", "your Toggl profile", admin_only=False),
    CommandSpec("profile.set", "/toggl profile set <field>=<value>… (fullname, email, timezone, "
                "beginning_of_week, country_id, default_workspace_id)",
                "change your Toggl profile", action="profile.set", admin_only=False),
    CommandSpec("status", "/toggl status [<ref>]", "where a command or approval request stands",
                admin_only=False, queued=False),
    CommandSpec("cancel", "/toggl cancel <ref>", "withdraw your approval request", admin_only=False,
                queued=False),
    CommandSpec("approvals", "/toggl approvals", "approval requests waiting for a decision",
                queued=False, approvers_too=True),
    CommandSpec("users", "/toggl users [<search>] [inactive]",
                "list workspace users with role and status", action="user.list"),
    CommandSpec("user.show", "/toggl user show <who>",
                "one workspace user: rate, labor cost, working hours, groups", action="user.show"),
    CommandSpec("user.set", "/toggl user set <who> <field>=<value>… (role, rate, labor_cost, working_hours)",
                "change a workspace user's role, rate, labor cost or working hours", action="user.set"),
    CommandSpec("user.deactivate", "/toggl user deactivate <who>", "deactivate a workspace user",
                action="user.set"),
    CommandSpec("user.reactivate", "/toggl user reactivate <who>", "reactivate a workspace user",
                action="user.set"),
    CommandSpec("user.remove", "/toggl user remove <who> [<who>…]", "remove people from the workspace",
                action="user.remove"),
    CommandSpec("rate.set", "/toggl rate set <workspace|who|project:…|project:… who|task:id> <amount> "
                "[billable|labor] [mode=start-today|override-current|override-all | start=YYYY-MM-DD]",
                "set a billable rate or labor cost", action="rate.set"),
    CommandSpec("rate.show", "/toggl rate show <workspace|who|project:…|project:… who|task:id> "
                "[billable|labor]", "current rate and its history", action="rate.show"),
    CommandSpec("reminders", "/toggl reminders", "the workspace's tracking reminders",
                action="reminder.list"),
    CommandSpec("reminder.add", "/toggl reminder add <hours>h [daily|weekly] <who or group:<id>>…",
                "remind people who tracked less than <hours>", action="reminder.add"),
    CommandSpec("reminder.update", "/toggl reminder update <id> [<hours>h] [daily|weekly] "
                "[<who or group:<id>>…]", "change a tracking reminder", action="reminder.update"),
    CommandSpec("reminder.delete", "/toggl reminder delete <id>", "delete a tracking reminder",
                action="reminder.delete"),
    CommandSpec("clients", "/toggl clients [<search>] [archived]", "list clients", action="client.list"),
    CommandSpec("client.rename", "/toggl client rename <client> <new name>", "rename a client",
                action="client.set"),
    CommandSpec("client.notes", "/toggl client notes <client> <text>", "set a client's notes",
                action="client.set"),
    CommandSpec("client.archive", "/toggl client archive <client>", "archive a client",
                action="client.archive"),
    CommandSpec("client.restore", "/toggl client restore <client>", "restore an archived client",
                action="client.archive"),
    CommandSpec("workspace", "/toggl workspace", "workspace settings and statistics",
                action="workspace.show"),
    CommandSpec("workspace.set", "/toggl workspace set <field>=<value>… (name, default_hourly_rate, "
                "default_currency, rounding, rounding_minutes, only_admins_may_create_projects, …)",
                "change workspace settings", action="workspace.set"),
)}
RETROACTIVE_MODES = ("override-current", "override-all")


@dataclass(frozen=True)
class Command:
    """A parsed command: its catalogue name, arguments and target workspace.

    Everything here is JSON-serialisable; secrets never live in ``args``.
    """

    name: str
    args: dict[str, Any] = field(default_factory=dict)
    workspace_id: int | None = None

    @property
    def spec(self) -> CommandSpec:
        """The catalogue row for this command."""
        return CATALOG[self.name]

    @property
    def action(self) -> str | None:
        """The SPEC §4 action name (used by permissions and approvals)."""
        if self.name == "rate.set" and self.args.get("mode") in RETROACTIVE_MODES:
            return "rate.retroactive"
        return self.spec.action

    def to_dict(self) -> dict[str, Any]:
        """The JSON form carried by RQ jobs."""
        return {"name": self.name, "args": self.args, "workspace_id": self.workspace_id}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Command":
        """Inverse of :meth:`to_dict`."""
        return cls(name=data["name"], args=dict(data.get("args") or {}),
                   workspace_id=data.get("workspace_id"))


@dataclass(frozen=True)
class Secret:
    """A value that must not travel in job data (a pasted API token)."""

    value: str = field(repr=False)


@dataclass(frozen=True)
class Parsed:
    """Parser result: the command plus, for ``connect``, the secret kept apart."""

    command: Command
    secret: Secret | None = None


class UsageError(Exception):
    """The text is not a valid command; ``message`` says exactly what is wrong."""

    def __init__(self, message: str, command: str | None = None):
        super().__init__(message)
        self.message = message
        self.command = command

    @property
    def usage(self) -> str | None:
        """The usage line of the command the text was meant to be, if known."""
        spec = CATALOG.get(self.command or "")
        return spec.usage if spec else None
