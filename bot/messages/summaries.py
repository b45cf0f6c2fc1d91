"""One-line descriptions of commands, used in acks, results, status and audit."""
from __future__ import annotations

from typing import Any, Callable

from bot.commands import Command
from bot.values import describe_person

RATE_TYPES = {"billable_rates": "billable rate", "labor_rates": "labor cost"}


def _target(target: dict[str, Any]) -> str:
    level = target["level"]
    if level == "workspace":
        return "the workspace"
    if level == "task":
        return f"task {target['task_id']}"
    if level == "workspace_user":
        return describe_person(target["who"])
    project = target["project"]
    text = f"project {project['id']}" if "id" in project else f"project “{project['name']}”"
    return f"{describe_person(target['who'])} on {text}" if level == "project_user" else text


def _client(ref: dict[str, Any]) -> str:
    return f"client {ref['id']}" if "id" in ref else f"client “{ref['name']}”"


def _recipients(args: dict[str, Any]) -> str:
    who = [describe_person(p) for p in args.get("people", [])]
    who += [f"group:{g}" for g in args.get("group_ids", [])]
    return ", ".join(who)


def _fields(fields: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in fields.items())


def _users(args: dict[str, Any]) -> str:
    text = "list " + ("inactive " if args.get("inactive") else "") + "workspace users"
    return text + (f" matching “{args['search']}”" if args.get("search") else "")


def _clients(args: dict[str, Any]) -> str:
    text = "list " + ("archived " if args.get("archived") else "") + "clients"
    return text + (f" matching “{args['search']}”" if args.get("search") else "")


def _rate_set(args: dict[str, Any]) -> str:
    when = f"from {args['start']}" if args.get("start") else args.get("mode", "start-today")
    return f"set the {RATE_TYPES[args['type']]} of {_target(args['target'])} to {args['amount']} ({when})"


def _reminder_update(args: dict[str, Any]) -> str:
    changes = []
    if "threshold" in args:
        changes.append(f"{args['threshold']} h")
    if "frequency" in args:
        changes.append("weekly" if args["frequency"] == 7 else "daily")
    if "people" in args:
        changes.append(f"for {_recipients(args)}")
    return f"update tracking reminder #{args['reminder_id']}: " + ", ".join(changes)


SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "connect": lambda a: "connect your Toggl account",
    "me": lambda a: "show your Toggl profile",
    "profile.set": lambda a: "update your Toggl profile: " + _fields(a["fields"]),
    "users": _users,
    "user.show": lambda a: f"show {describe_person(a['who'])}",
    "user.set": lambda a: f"update {describe_person(a['who'])}: " + _fields(a["fields"]),
    "user.deactivate": lambda a: f"deactivate {describe_person(a['who'])}",
    "user.reactivate": lambda a: f"reactivate {describe_person(a['who'])}",
    "user.remove": lambda a: "remove " + ", ".join(describe_person(p) for p in a["who"])
                             + " from the workspace",
    "rate.set": _rate_set,
    "rate.show": lambda a: f"show the {RATE_TYPES[a['type']]} of {_target(a['target'])}",
    "reminders": lambda a: "list tracking reminders",
    "reminder.add": lambda a: (f"add a {'weekly' if a['frequency'] == 7 else 'daily'} reminder under "
                               f"{a['threshold']} h for {_recipients(a)}"),
    "reminder.update": _reminder_update,
    "reminder.delete": lambda a: f"delete tracking reminder #{a['reminder_id']}",
    "clients": _clients,
    "client.rename": lambda a: f"rename {_client(a['client'])} to “{a['name']}”",
    "client.notes": lambda a: f"set the notes of {_client(a['client'])}",
    "client.archive": lambda a: f"archive {_client(a['client'])}",
    "client.restore": lambda a: f"restore {_client(a['client'])}",
    "workspace": lambda a: "show the workspace",
    "workspace.set": lambda a: "update workspace settings: " + _fields(a["fields"]),
}


def summarize(command: Command) -> str:
    """What the command will do, in a few words."""
    describe = SUMMARIES.get(command.name)
    text = describe(command.args) if describe else command.name.replace(".", " ")
    if command.workspace_id:
        text += f" (workspace {command.workspace_id})"
    return text
