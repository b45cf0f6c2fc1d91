"""clients, client rename | notes | archive | restore."""
from __future__ import annotations

from bot.commands import Command, Parsed
from bot.lexer import Word
from bot.parsing.args import Args

MAX_CLIENT_NAME = 100  # Toggl's "Client name maximum length is {max_client_length}"


def clients(args: Args, ws: int | None) -> Parsed:
    """``clients [<search>] [archived]``."""
    args.no_options()
    search, archived = args.search_and_flag("archived")
    return Parsed(Command("clients", {"search": search, "archived": archived}, ws))


def client_ref(args: Args, word: Word) -> dict:
    """``<id>`` or a name (quoted when it has spaces)."""
    if word.text.isdecimal() and not word.quoted:
        return {"id": int(word.text)}
    if not word.text.strip():
        raise args.fail("the client name is empty")
    return {"name": word.text.strip()}


def client_rename(args: Args, ws: int | None) -> Parsed:
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
    return Parsed(Command("client.rename", {"client": client_ref(args, args.positionals[0]),
                                            "name": new_name}, ws))


def client_notes(args: Args, ws: int | None) -> Parsed:
    """``client notes <client> <text>`` (``""`` clears the notes)."""
    args.no_options()
    if len(args.positionals) < 2:
        raise args.fail('give the client and the notes (`""` clears them)')
    notes = " ".join(w.text for w in args.positionals[1:]).strip()
    return Parsed(Command("client.notes", {"client": client_ref(args, args.positionals[0]),
                                           "notes": notes}, ws))


def client_archiving(args: Args, ws: int | None) -> Parsed:
    """``client archive <client>`` / ``client restore <client>``."""
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("name exactly one client (quote names with spaces)")
    return Parsed(Command(args.name, {"client": client_ref(args, args.positionals[0])}, ws))
