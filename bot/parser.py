"""Pure parser: command text → :class:`Parsed`, or :class:`UsageError`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from bot.commands import CATALOG, Command, Parsed, Secret, UsageError
from bot.lexer import LexError, Word, split_words
from bot.values import (ValueProblem, parse_email, parse_person, parse_positive_int,
                        parse_timezone, parse_weekday)

REF_PATTERN = re.compile(r"^[a-z2-7]{6}$")
PROFILE_FIELDS = ("fullname", "email", "timezone", "beginning_of_week", "country_id",
                  "default_workspace_id")
PASSWORD_FIELDS = ("password", "current_password", "new_password")
_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")


@dataclass
class Args:
    """The words after the command name, split into positionals and options."""

    name: str
    positionals: list[Word]
    options: dict[str, str]

    def fail(self, message: str) -> UsageError:
        """A usage error for this command."""
        return UsageError(message, self.name)

    def no_positionals(self) -> None:
        """Refuse stray words."""
        if self.positionals:
            raise self.fail(f"unexpected `{self.positionals[0].text}`")

    def no_options(self) -> None:
        """Refuse ``key=value`` options the command does not take."""
        if self.options:
            raise self.fail(f"unknown option `{next(iter(self.options))}=`")


def parse(text: str) -> Parsed:
    """Parse the text after ``/toggl``; raise :class:`UsageError` when it is wrong."""
    try:
        words = split_words(text)
    except LexError as exc:
        raise UsageError(str(exc)) from None
    if not words:
        return Parsed(Command("help"))
    head = words[0].text.lower()
    rest = words[1:]
    name = head
    if head in _SUBCOMMANDS:
        if not rest:
            raise UsageError(f"`{head}` needs a subcommand: " + ", ".join(_SUBCOMMANDS[head]), head)
        sub = rest[0].text.lower()
        if sub not in _SUBCOMMANDS[head]:
            raise UsageError(f"unknown `{head}` subcommand `{rest[0].text}`; try "
                             + ", ".join(f"`{head} {s}`" for s in _SUBCOMMANDS[head]), head)
        name, rest = f"{head}.{sub}", rest[1:]
    if name not in _PARSERS:
        raise UsageError(f"unknown command `{words[0].text}`; `/toggl help` lists the commands")
    args = _split_args(name, rest)
    workspace_id = _workspace_option(args)
    return _PARSERS[name](args, workspace_id)


def _split_args(name: str, words: list[Word]) -> Args:
    positionals: list[Word] = []
    options: dict[str, str] = {}
    for word in words:
        option = word.option
        if option is None:
            if options and name != "profile.set":
                raise UsageError(f"`{word.text}` must come before the key=value options", name)
            positionals.append(word)
            continue
        key, value = option
        if key in options:
            raise UsageError(f"`{key}=` is given twice", name)
        options[key] = value
    return Args(name, positionals, options)


def _workspace_option(args: Args) -> int | None:
    raw = args.options.pop("ws", None)
    if raw is None:
        return None
    try:
        return parse_positive_int(raw, "ws")
    except ValueProblem as exc:
        raise args.fail(str(exc)) from None


def _help(args: Args, ws: int | None) -> Parsed:
    args.no_options()
    topic = " ".join(w.text.lower() for w in args.positionals)
    if topic:
        name = topic.replace(" ", ".")
        if name not in CATALOG:
            raise args.fail(f"there is no command `{topic}`")
        return Parsed(Command("help", {"topic": name}))
    return Parsed(Command("help"))


def _connect(args: Args, ws: int | None) -> Parsed:
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("give exactly one Toggl API token (Toggl › Profile settings › API Token)")
    token = args.positionals[0].text
    if not _TOKEN.match(token):
        raise args.fail("that does not look like a Toggl API token (letters and digits, no spaces)")
    return Parsed(Command("connect"), Secret(token))


def _no_arguments(args: Args, ws: int | None) -> Parsed:
    args.no_options()
    args.no_positionals()
    return Parsed(Command(args.name, workspace_id=ws))


def _profile_set(args: Args, ws: int | None) -> Parsed:
    args.no_positionals()
    if not args.options:
        raise args.fail("give at least one field=value")
    fields: dict[str, object] = {}
    for key, raw in args.options.items():
        if key in PASSWORD_FIELDS:
            raise args.fail("passwords can't be changed from chat; change it in Toggl's profile page")
        if key not in PROFILE_FIELDS:
            raise args.fail(f"unknown field `{key}`; fields: " + ", ".join(PROFILE_FIELDS))
        try:
            fields[key] = _profile_value(key, raw)
        except ValueProblem as exc:
            raise args.fail(str(exc)) from None
    return Parsed(Command("profile.set", {"fields": fields}))


def _profile_value(key: str, raw: str) -> object:
    if key == "fullname":
        if not raw.strip():
            raise ValueProblem("fullname cannot be empty")
        return raw.strip()
    if key == "email":
        email = parse_email(raw)
        if email is None:
            raise ValueProblem(f"`{raw}` is not an email address")
        return email
    if key == "timezone":
        return parse_timezone(raw)
    if key == "beginning_of_week":
        return parse_weekday(raw)
    return parse_positive_int(raw, key)


def _users(args: Args, ws: int | None) -> Parsed:
    args.no_options()
    words = [w.text for w in args.positionals]
    inactive = bool(words) and words[-1].lower() == "inactive" and not args.positionals[-1].quoted
    if inactive:
        words = words[:-1]
    search = " ".join(words).strip()
    return Parsed(Command("users", {"search": search, "inactive": inactive}, ws))


def _user_show(args: Args, ws: int | None) -> Parsed:
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("name exactly one person")
    try:
        who = parse_person(args.positionals[0].text)
    except ValueProblem as exc:
        raise args.fail(str(exc)) from None
    return Parsed(Command("user.show", {"who": who}, ws))


def _status(args: Args, ws: int | None) -> Parsed:
    args.no_options()
    if not args.positionals:
        return Parsed(Command("status"))
    if len(args.positionals) > 1:
        raise args.fail("give one ref")
    ref = args.positionals[0].text.lower()
    if not REF_PATTERN.match(ref):
        raise args.fail(f"`{args.positionals[0].text}` is not a ref (six letters/digits, as in the ⏳ reply)")
    return Parsed(Command("status", {"ref": ref}))


_PARSERS: dict[str, Callable[[Args, int | None], Parsed]] = {
    "help": _help,
    "connect": _connect,
    "disconnect": _no_arguments,
    "me": _no_arguments,
    "profile.set": _profile_set,
    "users": _users,
    "user.show": _user_show,
    "status": _status,
}
_SUBCOMMANDS: dict[str, tuple[str, ...]] = {}
for _name in _PARSERS:
    if "." in _name:
        _head, _sub = _name.split(".", 1)
        _SUBCOMMANDS.setdefault(_head, tuple())
        _SUBCOMMANDS[_head] += (_sub,)
