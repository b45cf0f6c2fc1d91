"""client rename | notes | archive | restore."""
from __future__ import annotations

from typing import Any

from bot.parsing.args import Args
from bot.parsing.values import parse_item

MAX_CLIENT_NAME = 100  # Toggl's "Client name maximum length is {max_client_length}"


def client_rename(args: Args) -> dict[str, Any]:
    """``client rename <client> <new name>``."""
    args.no_options()
    if len(args.positionals) < 2:
        raise args.fail("give the client and its new name")
    new_name = " ".join(w.text for w in args.positionals[1:]).strip()
    if not new_name:
        raise args.fail("the new client name cannot be empty")
    if len(new_name) > MAX_CLIENT_NAME:
        raise args.fail(f"a client name can have at most {MAX_CLIENT_NAME} characters "
                        f"(this one has {len(new_name)})")
    return {"client": args.check(parse_item, args.positionals[0], "client"), "name": new_name}


def client_notes(args: Args) -> dict[str, Any]:
    """``client notes <client> <text>`` (``""`` clears the notes)."""
    args.no_options()
    if len(args.positionals) < 2:
        raise args.fail('give the client and the notes (`""` clears them)')
    notes = " ".join(w.text for w in args.positionals[1:]).strip()
    return {"client": args.check(parse_item, args.positionals[0], "client"), "notes": notes}


def client_archive(args: Args) -> dict[str, Any]:
    """``client archive <client>``."""
    args.no_options()
    return {"client": _one_client(args)}


def client_restore(args: Args) -> dict[str, Any]:
    """``client restore <client> [projects=all]``: ``all`` restores its archived projects with it."""
    args.no_options("projects")
    values: dict[str, Any] = {"client": _one_client(args)}
    if "projects" in args.options:
        if args.options["projects"].lower() != "all":
            raise args.fail("projects= takes `all` (restore every archived project of the client with it)")
        values["projects"] = "all"
    return values


def _one_client(args: Args) -> dict[str, Any]:
    if len(args.positionals) != 1:
        raise args.fail("name exactly one client (quote names with spaces)")
    return args.check(parse_item, args.positionals[0], "client")
