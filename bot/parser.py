"""Pure parser: command text → :class:`ParsedCommand`, or :class:`UsageError`.

The catalogue row decides everything about a command's form: its words,
whether options may come anywhere, whether it takes ``ws=`` (attached here,
once, for every command that takes it and refused for every other), its
argument parser, and which argument is a secret to keep out of the command.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.catalogue import CATALOGUE, SUBCOMMANDS, Command, CommandSpec, Secret
from bot.parsing.args import Args, split_args
from bot.parsing.lexer import OPENING_QUOTES, LexError, Word, split_words
from bot.parsing.problems import UsageError
from bot.parsing.values import parse_positive_int


@dataclass(frozen=True)
class ParsedCommand:
    """The command, plus (for ``connect``) the secret kept apart from it."""

    command: Command
    secret: Secret | None = None


def parse(text: str) -> ParsedCommand:
    """Parse the text after ``/toggl``; raise :class:`UsageError` (with its usage line) when it is wrong."""
    try:
        return _parse(text)
    except UsageError as error:
        spec = CATALOGUE.get(error.command or "")
        error.usage = spec.usage if spec else None
        raise


def _parse(text: str) -> ParsedCommand:
    try:
        words = split_words(text)
    except LexError as exc:
        raise UsageError(str(exc), _guess_command(text)) from None
    if not words:
        return ParsedCommand(Command("help"))
    return _parse_words(words)


def _parse_words(words: list[Word]) -> ParsedCommand:
    spec, rest = _find_spec(words)
    if spec.wraps:
        return ParsedCommand(Command(spec.name, {"command": _wrapped_change(spec, rest).to_dict()}))
    args = split_args(spec.name, rest, options_anywhere=spec.options_anywhere)
    workspace_id = _workspace_option(spec, args)
    values = spec.parser(args)
    secret = Secret(values.pop(spec.secret)) if spec.secret else None
    return ParsedCommand(Command(spec.name, values, workspace_id), secret)


def _wrapped_change(spec: CommandSpec, words: list[Word]) -> Command:
    """The change a wrapping row (``preview``) carries; only changes can be wrapped."""
    if not words:
        raise UsageError(f"give the change to {spec.title}, e.g. `/toggl {spec.title} user set @jane rate=85`",
                         spec.name)
    inner = _parse_words(words)
    if not inner.command.spec.change:
        raise UsageError(f"`{inner.command.spec.title}` changes nothing, so there is nothing to {spec.title}: "
                         "just run it", spec.name)
    return inner.command


def _find_spec(words: list[Word]) -> tuple[CommandSpec, list[Word]]:
    head, rest = words[0].text.lower(), words[1:]
    subs = SUBCOMMANDS.get(head)
    if subs and rest and rest[0].text.lower() in subs:
        return CATALOGUE[f"{head}.{rest[0].text.lower()}"], rest[1:]
    if head in CATALOGUE:
        return CATALOGUE[head], rest
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
    if len(head) == 2 and f"{head[0]}.{head[1]}" in CATALOGUE:
        return f"{head[0]}.{head[1]}"
    return head[0] if head and head[0] in CATALOGUE else None


def _workspace_option(spec: CommandSpec, args: Args) -> int | None:
    raw = args.options.pop("ws", None)
    if raw is None:
        return None
    if not spec.takes_ws:
        raise args.fail(f"`ws=` does not apply to `{spec.title}`: it does not act on a workspace")
    return args.check(parse_positive_int, raw, "ws")
