"""One-line descriptions of commands, used in acks, results, status and audit."""
from __future__ import annotations

from bot.commands import Command
from bot.values import describe_person


def summarize(command: Command) -> str:
    """What the command will do, in a few words."""
    args = command.args
    name = command.name
    if name == "connect":
        text = "connect your Toggl account"
    elif name == "me":
        text = "show your Toggl profile"
    elif name == "profile.set":
        text = "update your Toggl profile: " + ", ".join(
            f"{key}={value}" for key, value in args["fields"].items())
    elif name == "users":
        text = "list " + ("inactive " if args.get("inactive") else "") + "workspace users"
        if args.get("search"):
            text += f" matching “{args['search']}”"
    elif name == "user.show":
        text = f"show {describe_person(args['who'])}"
    else:
        text = name.replace(".", " ")
    if command.workspace_id:
        text += f" (workspace {command.workspace_id})"
    return text
