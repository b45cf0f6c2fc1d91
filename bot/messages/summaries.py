"""What a command will do, in a few words: each catalogue row names its summary here.

The summary is shown in the ack, on the approval card, in ``status`` and in
the audit feed, so it reads the same everywhere. It is safe mrkdwn: every
value typed by a person is escaped here, and a person named by a Slack
mention is shown as that mention (the bot's own markup).
"""
from __future__ import annotations

from typing import Any

from bot.messages.format import RATE_TYPE_WORDS
from bot.messages.text import channel_link, esc, mention
from bot.messages.values import MODE_WORDS, label, value_words

Args = dict[str, Any]


def describe_person(who: Args) -> str:
    """How a person selector reads: their mention, their email or ``id:5003``."""
    if "slack_user" in who:
        return mention(who["slack_user"])
    if "email" in who:
        return esc(who["email"])
    if "user_id" in who:
        return f"Toggl user {who['user_id']}"
    return f"id:{who['workspace_user_id']}"


def describe_item(kind: str, selector: Args) -> str:
    """``client 3001`` or ``client “Globex”``."""
    return f"{kind} {selector['id']}" if "id" in selector else f"{kind} “{esc(selector['name'])}”"


def _target(target: Args) -> str:
    level = target["level"]
    if level == "workspace":
        return "the workspace"
    if level == "task":
        return f"task {target['task_id']}"
    if level == "workspace_user":
        return describe_person(target["who"])
    project = describe_item("project", target["project"])
    return f"{describe_person(target['who'])} on {project}" if level == "project_user" else project


def _recipients(args: Args) -> str:
    who = [describe_person(p) for p in args.get("people", [])]
    who += [f"group:{g}" for g in args.get("group_ids", [])]
    return ", ".join(who)


def _fields(fields: Args) -> str:
    """``working hours 7h 30m, role admin`` (amounts without a currency: the worker knows it)."""
    return ", ".join(f"{label(key)} {value_words(key, value)}" for key, value in fields.items())


def _listing(noun: str, flag: str, args: Args) -> str:
    text = "list " + (f"{flag} " if args.get(flag) else "") + noun
    return text + (f" matching “{esc(args['search'])}”" if args.get("search") else "")


def profile_set(args: Args) -> str:
    """The fields the caller changes on their own profile (names only: the values are personal and
    the summary reaches the audit feed)."""
    return "update your Toggl profile: " + ", ".join(label(key) for key in args["fields"])


def users(args: Args) -> str:
    """Which people are listed."""
    return _listing("workspace users", "inactive", args)


def user_show(args: Args) -> str:
    """Whom to show."""
    return f"show {describe_person(args['who'])}"


def user_set(args: Args) -> str:
    """Whom to change, and how."""
    return f"update {describe_person(args['who'])}: " + _fields(args["fields"])


def user_deactivate(args: Args) -> str:
    """Whom to deactivate."""
    return f"deactivate {describe_person(args['who'])}"


def user_reactivate(args: Args) -> str:
    """Whom to reactivate."""
    return f"reactivate {describe_person(args['who'])}"


def user_remove(args: Args) -> str:
    """Whom to remove."""
    return "remove " + ", ".join(describe_person(p) for p in args["who"]) + " from the workspace"


def rate_set(args: Args) -> str:
    """Which rate of what, to how much, from when."""
    when = f"from {args['start']} on" if args.get("start") else MODE_WORDS[args.get("mode", "start-today")]
    amount = f"{args['amount']} {args['currency']}" if args.get("currency") else args["amount"]
    return f"set the {RATE_TYPE_WORDS[args['type']]} of {_target(args['target'])} to {amount} ({when})"


def rate_show(args: Args) -> str:
    """Which rate of what."""
    return f"show the {RATE_TYPE_WORDS[args['type']]} of {_target(args['target'])}"


def reminder_add(args: Args) -> str:
    """The new reminder."""
    often = "weekly" if args["frequency"] == 7 else "daily"
    return f"add a {often} reminder under {args['threshold']} h for {_recipients(args)}"


def reminder_update(args: Args) -> str:
    """Which reminder, and what changes."""
    changes = []
    if "threshold" in args:
        changes.append(f"{args['threshold']} h")
    if "frequency" in args:
        changes.append("weekly" if args["frequency"] == 7 else "daily")
    if "people" in args:
        changes.append(f"for {_recipients(args)}")
    return f"update tracking reminder #{args['reminder_id']}: " + ", ".join(changes)


def reminder_delete(args: Args) -> str:
    """Which reminder."""
    return f"delete tracking reminder #{args['reminder_id']}"


def clients(args: Args) -> str:
    """Which clients are listed."""
    return _listing("clients", "archived", args)


def client_rename(args: Args) -> str:
    """Which client, and its new name."""
    return f"rename {describe_item('client', args['client'])} to “{esc(args['name'])}”"


def client_notes(args: Args) -> str:
    """Whose notes."""
    return f"set the notes of {describe_item('client', args['client'])}"


def client_archive(args: Args) -> str:
    """Which client."""
    return f"archive {describe_item('client', args['client'])}"


def client_restore(args: Args) -> str:
    """Which client, and which of its projects."""
    projects = args.get("projects")
    with_them = (" with all its archived projects" if projects == "all" else
                 f" with projects {', '.join(str(p) for p in projects)}" if projects else "")
    return f"restore {describe_item('client', args['client'])}{with_them}"


def projects(args: Args) -> str:
    """Which projects are listed."""
    return _listing("projects", "archived", args)


def members(args: Args) -> str:
    """Which members of the organization's view are listed."""
    text = "list " + ("pending " if args.get("pending") else "") + "workspace members"
    text += " with their own rates" if args.get("custom_rates") else ""
    return text + (f" matching “{esc(args['search'])}”" if args.get("search") else "")


def alert_add(args: Args) -> str:
    """Which project, at what shares of its estimate, for whom."""
    roles = {"admin": "admins", "projectlead": "project leads", "teamlead": "team leads", "user": "members"}
    who = [roles.get(r, esc(r)) for r in args["roles"]]
    who += [describe_person(p) for p in args["people"]]
    shares = ", ".join(f"{t}%" for t in args["thresholds"])
    return f"alert {', '.join(who)} when {describe_item('project', args['project'])} reaches {shares} of its estimate"


def alert_delete(args: Args) -> str:
    """Which alert."""
    return f"delete alert #{args['alert_id']}"


def workspace_create(args: Args) -> str:
    """The new workspace."""
    extra = [f"currency {esc(args['default_currency'])}"] if args.get("default_currency") else []
    extra += [f"default rate {args['default_hourly_rate']:g}"] if "default_hourly_rate" in args else []
    return f"create workspace “{esc(args['name'])}”" + (f" ({', '.join(extra)})" if extra else "")


def workspace_set(args: Args) -> str:
    """Which settings."""
    return "update workspace settings: " + _fields(args["fields"])


def event_words(event: Args) -> str:
    """``project created``, ``workspace_user (any action)``, ``every event``."""
    entity, action = event["entity"], event["action"]
    if entity == "*":
        return "every event" if action == "*" else f"anything {esc(action)}"
    return f"{esc(entity)} (any action)" if action == "*" else f"{esc(entity)} {esc(action)}"


def watch(args: Args) -> str:
    """Which events, to which channel."""
    where = f" to {channel_link(args['channel'])}" if args.get("channel") else ""
    return "post Toggl events — " + ", ".join(event_words(e) for e in args["filters"]) + where


def unwatch(args: Args) -> str:
    """Which subscription."""
    return f"stop Toggl notification #{args['subscription_id']}"
