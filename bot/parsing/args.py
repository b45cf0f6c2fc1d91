"""The words after a command name, and helpers shared by the area parsers."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, TypeVar

from bot.parsing.lexer import Word
from bot.parsing.problems import UsageError, ValueProblem
from bot.parsing.values import parse_person

T = TypeVar("T")
NEAR_MISS = 0.75  # how alike a word must be to a keyword to be taken for a slip of it (difflib's ratio)


def resembles(word: Word, keywords: Sequence[str]) -> bool:
    """Whether an unquoted word looks like a slip of one of ``keywords`` (``inactve``, ``archive``)."""
    return not word.quoted and bool(difflib.get_close_matches(word.text.lower(), list(keywords), n=1,
                                                              cutoff=NEAR_MISS))


def one_of(keywords: Sequence[str]) -> str:
    """``daily or weekly``; ``a, b or c``."""
    return " or ".join([", ".join(keywords[:-1]), keywords[-1]] if len(keywords) > 2 else keywords)


@dataclass
class Args:
    """Positional words and ``key=value`` options of one command (``name``: its catalogue row)."""

    name: str
    positionals: list[Word]
    options: dict[str, str]
    raw_options: dict[str, str] = field(default_factory=dict)  # as Slack sent them (people's markup)

    def fail(self, message: str) -> UsageError:
        """A usage error for this command."""
        return UsageError(message, self.name)

    def no_positionals(self) -> None:
        """Refuse stray words."""
        if self.positionals:
            raise self.fail(f"unexpected `{self.positionals[0].text}`")

    def no_options(self, *allowed: str) -> None:
        """Refuse ``key=value`` options other than ``allowed``."""
        for key in self.options:
            if key not in allowed:
                raise self.fail(f"unknown option `{key}=`")

    def nothing(self) -> dict[str, Any]:
        """For commands that take no words at all: refuse any, and have no arguments."""
        self.no_options()
        self.no_positionals()
        return {}

    def fields(self, known: Sequence[str]) -> dict[str, str]:
        """The ``field=value`` options, each one of ``known``; at least one must be given."""
        if not self.options:
            raise self.fail("give at least one field=value: " + ", ".join(known))
        for key in self.options:
            if key not in known:
                raise self.fail(f"unknown field `{key}`; fields: " + ", ".join(known))
        return self.options

    def check(self, parse: Callable[..., T], *values: object) -> T:
        """Run a value parser, turning its complaint into this command's usage error."""
        try:
            return parse(*values)
        except ValueProblem as problem:
            raise self.fail(str(problem)) from None

    def people(self, words: list[Word], at_least: int = 1) -> list[dict]:
        """Person selectors from ``words``; duplicates are refused."""
        if len(words) < at_least:
            raise self.fail("name at least one person" if at_least == 1 else
                            f"name at least {at_least} people")
        return self.distinct([self.check(parse_person, word) for word in words])

    def distinct(self, people: list[dict]) -> list[dict]:
        """``people`` unchanged, or a usage error when someone is named twice."""
        if len({str(sorted(p.items())) for p in people}) != len(people):
            raise self.fail("the same person is named twice")
        return people

    def search_and_flag(self, flag: str) -> tuple[str, bool]:
        """The words as a search text, and whether the last (unquoted) one is ``flag``; a last word that
        looks like a slip of ``flag`` is refused (quoted, it is searched for)."""
        words = [w.text for w in self.positionals]
        flagged = bool(words) and words[-1].lower() == flag and not self.positionals[-1].quoted
        if words and not flagged:
            self.no_slip_of((flag,), self.positionals[-1])
        return " ".join(words[:-1] if flagged else words).strip(), flagged

    def no_slip_of(self, flags: Sequence[str], word: Word) -> None:
        """Refuse a last search word that looks like a slip of one of the list's ``flags``."""
        if resembles(word, flags):
            raise self.fail(f"`{word.text}`: the word at the end can be {one_of([f'`{f}`' for f in flags])}; "
                            f'to search for `{word.text}`, quote it: "{word.text}"')

    def keyword_hint(self, word: Word, what: str, keywords: Sequence[str], also: str = "") -> UsageError:
        """A usage error for a word where a keyword could go: ``monthly``: how often is daily or weekly."""
        return self.fail(f"`{word.text}`: {what} is {one_of(list(keywords))}{also}")

    def one_person(self, words: list[Word]) -> dict:
        """Exactly one person selector."""
        if len(words) != 1:
            raise self.fail("name exactly one person")
        return self.check(parse_person, words[0])


def listing(flag: str) -> Callable[[Args], dict[str, Any]]:
    """The parser of a list command, ``<list> [<search>] [<flag>]`` → ``{"search": …, flag: bool}``."""
    def parse(args: Args) -> dict[str, Any]:
        args.no_options()
        search, flagged = args.search_and_flag(flag)
        return {"search": search, flag: flagged}

    return parse


def split_args(name: str, words: list[Word], *, options_anywhere: bool = False) -> Args:
    """Split words into positionals and options (options after the positionals)."""
    positionals: list[Word] = []
    options: dict[str, str] = {}
    raw_options: dict[str, str] = {}
    for word in words:
        option = word.option
        if option is None:
            if options and not options_anywhere:
                raise UsageError(f"`{word.text}` must come before the key=value options", name)
            positionals.append(word)
            continue
        key, value = option
        if key in options:
            raise UsageError(f"`{key}=` is given twice", name)
        options[key] = value
        raw_options[key] = word.raw.partition("=")[2] if "=" in word.raw else value
    return Args(name, positionals, options, raw_options)
