"""Pure parser: command text → :class:`Parsed`, or :class:`UsageError`."""
from __future__ import annotations

from typing import Callable

from bot.commands import Command, Parsed, UsageError
from bot.lexer import OPENING_QUOTES, LexError, Word, split_words
from bot.parsing import clients, people, personal, rates, reminders, workspace
from bot.parsing.args import Args, split_args
from bot.values import parse_positive_int

Parser = Callable[[Args, "int | None"], Parsed]

PARSERS: dict[str, Parser] = {
    "help": personal.help_,
    "connect": personal.connect,
    "disconnect": personal.no_arguments,
    "me": personal.no_arguments,
    "profile.set": personal.profile_set,
    "status": personal.status,
    "cancel": personal.cancel,
    "approvals": personal.no_arguments,
    "users": people.users,
    "user.show": people.user_show,
    "user.set": people.user_set,
    "user.deactivate": people.user_activation,
    "user.reactivate": people.user_activation,
    "user.remove": people.user_remove,
    "rate.set": rates.rate_set,
    "rate.show": rates.rate_show,
    "reminders": personal.no_arguments,
    "reminder.add": reminders.reminder_add,
    "reminder.update": reminders.reminder_update,
    "reminder.delete": reminders.reminder_delete,
    "clients": clients.clients,
    "client.rename": clients.client_rename,
    "client.notes": clients.client_notes,
    "client.archive": clients.client_archiving,
    "client.restore": clients.client_archiving,
    "workspace": personal.no_arguments,
    "workspace.set": workspace.workspace_set,
}
SUBCOMMANDS: dict[str, tuple[str, ...]] = {}
for _name in PARSERS:
    if "." in _name:
        _head, _sub = _name.split(".", 1)
        SUBCOMMANDS[_head] = SUBCOMMANDS.get(_head, ()) + (_sub,)
# ``connect`` too: its positional word is a token, which an error message must never echo.
OPTIONS_ANYWHERE = frozenset({"profile.set", "user.set", "workspace.set", "connect"})


def parse(text: str) -> Parsed:
    """Parse the text after ``/toggl``; raise :class:`UsageError` when it is wrong."""
    try:
        words = split_words(text)
    except LexError as exc:
        raise UsageError(str(exc), _guess_command(text)) from None
    if not words:
        return Parsed(Command("help"))
    name, rest = _command_name(words)
    args = split_args(name, rest, options_anywhere=name in OPTIONS_ANYWHERE)
    return PARSERS[name](args, _workspace_option(args))


def _command_name(words: list[Word]) -> tuple[str, list[Word]]:
    head, rest = words[0].text.lower(), words[1:]
    subs = SUBCOMMANDS.get(head)
    if subs and rest and rest[0].text.lower() in subs:
        return f"{head}.{rest[0].text.lower()}", rest[1:]
    if head in PARSERS:
        return head, rest
    if subs:
        tries = ", ".join(f"`{head} {sub}`" for sub in subs)
        if not rest:
            raise UsageError(f"`{head}` needs a subcommand: {tries}", f"{head}.{subs[0]}")
        raise UsageError(f"unknown `{head}` subcommand `{rest[0].text}`; try {tries}", f"{head}.{subs[0]}")
    raise UsageError(f"unknown command `{words[0].text}`; `/toggl help` lists the commands")


def _guess_command(text: str) -> str | None:
    """The command named before the first quote, for the usage line of a text that cannot be split."""
    for quote in OPENING_QUOTES:
        text = text.split(quote, 1)[0]
    head = [word.lower() for word in text.split()[:2]]
    if len(head) == 2 and f"{head[0]}.{head[1]}" in PARSERS:
        return f"{head[0]}.{head[1]}"
    return head[0] if head and head[0] in PARSERS else None


def _workspace_option(args: Args) -> int | None:
    raw = args.options.pop("ws", None)
    return None if raw is None else args.check(parse_positive_int, raw, "ws")
