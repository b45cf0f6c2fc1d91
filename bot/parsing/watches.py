"""watch | unwatch: which Toggl events to follow, and where they go."""
from __future__ import annotations

import re
from typing import Any

from bot.parsing.args import Args
from bot.parsing.values import parse_positive_int

_FILTER = re.compile(r"^([a-z_]+|\*)(?:\.([a-z_]+|\*))?$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")


def watch(args: Args) -> dict[str, Any]:
    """``watch <entity>[.<action>]… [#channel]``: an action left out is ``*`` (every action)."""
    args.no_options()
    values: dict[str, Any] = {"filters": []}
    for word in args.positionals:
        if match := _CHANNEL.match(word.raw):
            if "channel" in values:
                raise args.fail("name one channel")
            values["channel"] = match.group(1)
            if match.group(2):
                values["channel_name"] = match.group(2)
            continue
        match = _FILTER.match(word.text.lower())
        if not match or word.quoted:
            raise args.fail(f"`{word.text}` is not an event: use entity or entity.action, "
                            "e.g. `workspace_user` or `project.created`")
        event = {"entity": match.group(1), "action": match.group(2) or "*"}
        if event in values["filters"]:
            raise args.fail(f"`{word.text}` is named twice")
        values["filters"].append(event)
    if not values["filters"]:
        raise args.fail("name at least one event, e.g. `workspace_user` or `project.created`")
    return values


def unwatch(args: Args) -> dict[str, Any]:
    """``unwatch <id>``: a subscription id from ``/toggl watches``."""
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("give the id of one subscription (`/toggl watches` lists them)")
    return {"subscription_id": args.check(parse_positive_int, args.positionals[0].text, "subscription id")}
