"""The command catalogue: one row per command, and everything derived from it.

A row says how a command is written (its words and usage line), what it is
for, who may run it, whether a worker runs it, whether it uses the caller's
own Toggl token, whether it changes Toggl (and so is audited), its action
name for approvals, whether it takes ``ws=``, its argument parser and its
summary. The parser, permissions, intake, approvals and audit all read these
rows; the worker's handler map and the web's answer map are checked against
them by tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable

from bot.messages import summaries
from bot.parsing import alerts, clients, people, personal, rates, reminders, watches, workspace
from bot.parsing.args import Args, listing

Arguments = dict[str, Any]
ArgumentParser = Callable[[Args], Arguments]


class Audience(StrEnum):
    """Who may run a command (SPEC §6)."""

    ANYONE = "anyone"
    ADMINS = "admins"
    APPROVERS = "admins and approvers"


@dataclass(frozen=True)
class CommandSpec:
    """Everything about one command."""

    name: str  # the words joined by dots: "user.set"
    usage: str
    about: str  # what ``help`` says it is for
    parser: ArgumentParser
    summary: str | Callable[[Arguments], str]  # what one parsed command will do
    who: Audience = Audience.ADMINS
    queued: bool = True  # False: answered in the ack by the web process
    personal: bool = False  # runs with the caller's own Toggl token
    change: bool = False  # writes to Toggl: audited
    action: str | None = None  # for TOGGLBOT_APPROVAL_REQUIRED and the audit feed
    stricter: tuple[tuple[str, Callable[[Arguments], bool]], ...] = ()  # (action, applies to these args)
    takes_ws: bool = False  # accepts ws=<workspace id>
    options_anywhere: bool = False  # key=value may come before positional words
    secret: str | None = None  # an argument kept out of job data (a pasted token)
    wraps: bool = False  # its arguments are another command (preview): that one's rights and setup apply

    @property
    def words(self) -> tuple[str, ...]:
        """``("user", "set")``."""
        return tuple(self.name.split("."))

    @property
    def title(self) -> str:
        """``user set``: the command as people type it."""
        return " ".join(self.words)

    @property
    def actions(self) -> frozenset[str]:
        """Every action name this command can have."""
        return frozenset(([self.action] if self.action else []) + [name for name, _ in self.stricter])

    def action_for(self, args: Arguments) -> str | None:
        """The action name of this command with these arguments (a stricter one when it applies)."""
        return next((name for name, applies in self.stricter if applies(args)), self.action)

    def describe(self, args: Arguments) -> str:
        """The summary of this command with these arguments."""
        return self.summary if isinstance(self.summary, str) else self.summary(args)


def _help(args: Args) -> Arguments:
    """``help [<word>…]``: the words are kept as typed (lowercase); the answer shows every command that
    starts with them, of those the caller may run."""
    args.no_options()
    topic = " ".join(w.text.lower() for w in args.positionals).strip()
    return {"topic": topic} if topic else {}


def commands_starting_with(topic: str, specs: list[CommandSpec]) -> list[CommandSpec]:
    """The commands of ``specs`` whose words start with ``topic``'s (``rate`` → ``rate set``, ``rate show``);
    if none, those whose name starts with its text (``remind`` → ``reminders``, ``reminder add``, …)."""
    words = tuple(topic.split())
    found = [spec for spec in specs if spec.words[:len(words)] == words]
    return found or [spec for spec in specs if words and spec.title.startswith(" ".join(words))]


def _nothing(args: Args) -> Arguments:
    return args.nothing()


def _wrapped(args: Args) -> Arguments:
    """``preview``'s words are parsed as a command by ``bot.parser`` itself."""
    raise AssertionError("bot.parser parses the command a wrapping row carries")


def _preview_summary(args: Arguments) -> str:
    return "preview: " + Command.from_dict(args["command"]).summary


def _undo_summary(args: Arguments) -> str:
    return f"undo ref {args['ref']}"


def _user_role(args: Arguments) -> bool:
    return "role" in args["fields"]


_ANYONE = dict(who=Audience.ANYONE)
_READ = dict(takes_ws=True)
_CHANGE = dict(takes_ws=True, change=True)
_ROWS = (
    CommandSpec("help", "/toggl help [<word>]", "show what you can do (`help rate`: the commands starting "
                "with `rate`)", _help, "show help",
                queued=False, **_ANYONE),
    CommandSpec("connect", "/toggl connect <toggl-api-token>",
                "link your own Toggl account (token from Toggl › Profile settings)", personal.connect,
                "connect your Toggl account", personal=True, options_anywhere=True, secret="token",
                **_ANYONE),
    CommandSpec("disconnect", "/toggl disconnect", "forget your Toggl token", _nothing,
                "forget your Toggl token", queued=False, **_ANYONE),
    CommandSpec("me", "/toggl me", "your Toggl profile", _nothing, "show your Toggl profile",
                personal=True, **_ANYONE),
    CommandSpec("profile.set", "/toggl profile set <field>=<value>… (fullname, email, timezone, "
                "beginning_of_week, country_id, default_workspace_id)", "change your Toggl profile",
                personal.profile_set, summaries.profile_set, personal=True, change=True,
                action="profile.set", options_anywhere=True, **_ANYONE),
    CommandSpec("status", "/toggl status [<ref>]", "where a command or approval request stands",
                personal.status, "show where a command stands", queued=False, **_ANYONE),
    CommandSpec("cancel", "/toggl cancel <ref>", "withdraw your approval request", personal.cancel,
                "withdraw an approval request", queued=False, **_ANYONE),
    CommandSpec("preview", "/toggl preview <command…>", "show what a change would do (before → after), "
                "changing nothing", _wrapped, _preview_summary, wraps=True, **_ANYONE),
    CommandSpec("undo", "/toggl undo <ref>", "reverse a change you or another admin made",
                personal.undo, _undo_summary, change=True, action="undo"),
    CommandSpec("approvals", "/toggl approvals", "approval requests waiting for a decision", _nothing,
                "list open approval requests", queued=False, who=Audience.APPROVERS),
    CommandSpec("quota", "/toggl quota", "Toggl requests left this hour, per organization", _nothing,
                "show Toggl's request quota", action="quota.show"),
    CommandSpec("users", "/toggl users [<search>] [inactive]", "list workspace users with role and status",
                listing("inactive"), summaries.users, action="user.list", **_READ),
    CommandSpec("members", "/toggl members [<search>] [custom-rates] [pending]",
                "everyone in the workspace as the organization sees it, direct or through a group; "
                "`custom-rates`: only people with their own rate, `pending`: invited, not joined yet",
                people.members, summaries.members, action="member.list", **_READ),
    CommandSpec("user.show", "/toggl user show <who>",
                "one workspace user: rate, labor cost, working hours, groups", people.user_show,
                summaries.user_show, action="user.show", **_READ),
    CommandSpec("user.set", "/toggl user set <who> <field>=<value>… (role, rate, labor_cost, working_hours)",
                "change a workspace user's role, rate, labor cost or working hours", people.user_set,
                summaries.user_set, action="user.set", stricter=(("user.role", _user_role),),
                options_anywhere=True, **_CHANGE),
    CommandSpec("user.deactivate", "/toggl user deactivate <who>", "deactivate a workspace user",
                people.user_activation, summaries.user_deactivate, action="user.set", **_CHANGE),
    CommandSpec("user.reactivate", "/toggl user reactivate <who>", "reactivate a workspace user",
                people.user_activation, summaries.user_reactivate, action="user.set", **_CHANGE),
    CommandSpec("user.remove", "/toggl user remove <who> [<who>…]", "remove people from the workspace",
                people.user_remove, summaries.user_remove, action="user.remove", **_CHANGE),
    CommandSpec("rate.set", "/toggl rate set <workspace|who|project:…|project:… who|task:id> <amount> "
                "[<currency>] [billable|labor] [mode=start-today|override-current|override-all | start=YYYY-MM-DD]",
                "set a billable rate or labor cost", rates.rate_set, summaries.rate_set, action="rate.set",
                stricter=(("rate.retroactive", rates.is_retroactive),), **_CHANGE),
    CommandSpec("rate.show", "/toggl rate show <workspace|who|project:…|project:… who|task:id> "
                "[billable|labor]", "current rate and its history", rates.rate_show, summaries.rate_show,
                action="rate.show", **_READ),
    CommandSpec("reminders", "/toggl reminders", "the workspace's tracking reminders", _nothing,
                "list tracking reminders", action="reminder.list", **_READ),
    CommandSpec("reminder.add", "/toggl reminder add <hours>h [daily|weekly] <who or group:<id>>…",
                "remind people who tracked less than <hours>", reminders.reminder_add,
                summaries.reminder_add, action="reminder.add", **_CHANGE),
    CommandSpec("reminder.update", "/toggl reminder update <id> [<hours>h] [daily|weekly] "
                "[<who or group:<id>>…]", "change a tracking reminder", reminders.reminder_update,
                summaries.reminder_update, action="reminder.update", **_CHANGE),
    CommandSpec("reminder.delete", "/toggl reminder delete <id>", "delete a tracking reminder",
                reminders.reminder_delete, summaries.reminder_delete, action="reminder.delete", **_CHANGE),
    CommandSpec("clients", "/toggl clients [<search>] [archived]", "list clients", listing("archived"),
                summaries.clients, action="client.list", **_READ),
    CommandSpec("client.rename", "/toggl client rename <client> <new name>", "rename a client",
                clients.client_rename, summaries.client_rename, action="client.set", **_CHANGE),
    CommandSpec("client.notes", "/toggl client notes <client> <text>", "set a client's notes",
                clients.client_notes, summaries.client_notes, action="client.set", **_CHANGE),
    CommandSpec("client.archive", "/toggl client archive <client>", "archive a client and its active projects",
                clients.client_archive, summaries.client_archive, action="client.archive", **_CHANGE),
    CommandSpec("client.restore", "/toggl client restore <client> [projects=all]",
                "restore an archived client (`projects=all`: with all its archived projects)",
                clients.client_restore, summaries.client_restore, action="client.archive", **_CHANGE),
    CommandSpec("projects", "/toggl projects [<search>] [archived]", "list projects with their ids and clients",
                listing("archived"), summaries.projects, action="project.list", **_READ),
    CommandSpec("groups", "/toggl groups", "the groups of the workspace with their ids and members", _nothing,
                "list groups", action="group.list", **_READ),
    CommandSpec("constraints", "/toggl constraints", "what every time entry must have (description, project, "
                "tag, task)", _nothing, "show the time entry constraints", action="constraints.show", **_READ),
    CommandSpec("alerts", "/toggl alerts", "the project alerts: who is told when a project reaches a share of "
                "its estimate", _nothing, "list project alerts", action="alert.list", **_READ),
    CommandSpec("alert.add", "/toggl alert add project:<id or \"name\"> <pct>%[,<pct>%…] "
                "[to=admins,projectlead,<who>…]", "alert people when a project reaches a share of its estimate",
                alerts.alert_add, summaries.alert_add, action="alert.add", options_anywhere=True, **_CHANGE),
    CommandSpec("alert.delete", "/toggl alert delete <id>", "delete a project alert", alerts.alert_delete,
                summaries.alert_delete, action="alert.delete", **_CHANGE),
    CommandSpec("workspace", "/toggl workspace", "workspace settings and statistics", _nothing,
                "show the workspace", action="workspace.show", **_READ),
    CommandSpec("workspace.set", "/toggl workspace set <field>=<value>… (name, default_hourly_rate, "
                "default_currency, rounding, rounding_minutes, only_admins_may_create_projects, …)",
                "change workspace settings", workspace.workspace_set, summaries.workspace_set,
                action="workspace.set", options_anywhere=True, **_CHANGE),
    CommandSpec("watch", "/toggl watch <entity>[.<action>]… [#channel]",
                "post what happens in Toggl (e.g. `workspace_user`, `project.created`) to a channel",
                watches.watch, summaries.watch, action="watch.add", **_CHANGE),
    CommandSpec("watches", "/toggl watches", "the Toggl notifications the workspace sends, and where",
                _nothing, "list Toggl notifications", action="watch.list", **_READ),
    CommandSpec("unwatch", "/toggl unwatch <id>", "stop a Toggl notification", watches.unwatch, summaries.unwatch,
                action="watch.remove", **_CHANGE),
    CommandSpec("workspace.create", "/toggl workspace create <name> [currency=<ISO>] [rate=<amount>]",
                "create a workspace in the organization", workspace.workspace_create, summaries.workspace_create,
                action="workspace.create", **_CHANGE),
)
CATALOGUE: dict[str, CommandSpec] = {spec.name: spec for spec in _ROWS}

# Derived tables.
SUBCOMMANDS: dict[str, tuple[str, ...]] = {}
for _spec in _ROWS:
    if len(_spec.words) == 2:
        SUBCOMMANDS[_spec.words[0]] = SUBCOMMANDS.get(_spec.words[0], ()) + (_spec.words[1],)
ACTION_NAMES: frozenset[str] = frozenset().union(*(spec.actions for spec in _ROWS))


@dataclass(frozen=True)
class Command:
    """A parsed command: its catalogue name, arguments and target workspace.

    Everything here is JSON-serialisable; secrets never live in ``args``.
    """

    name: str
    args: Arguments = field(default_factory=dict)
    workspace_id: int | None = None

    @property
    def spec(self) -> CommandSpec:
        """The catalogue row for this command."""
        return CATALOGUE[self.name]

    @property
    def action(self) -> str | None:
        """The action name (permissions, approvals, audit)."""
        return self.spec.action_for(self.args)

    @property
    def summary(self) -> str:
        """What the command will do, in a few words."""
        text = self.spec.describe(self.args)
        return f"{text} (workspace {self.workspace_id})" if self.workspace_id else text

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
