"""Split command text into words, as Slack sends it and as the person typed it.

Slack escapes slash-command text (the manifest's ``should_escape: true``): a
literal ``&``, ``<`` and ``>`` arrive as ``&amp;``, ``&lt;`` and ``&gt;``, and
everything between ``<`` and ``>`` is markup Slack made — a mention
``<@U123|jane>``, a channel ``<#C123|ops>``, ``<!here>``, a link
``<https://x.io|x.io>`` or ``<mailto:a@b.co|a@b.co>``. Each word keeps both
forms: ``raw`` (Slack's markup, from which people are read: a mention carries
the user id) and ``text`` (what the person typed: entities unescaped, markup
replaced by its visible text), which is what free-text values, names and
search words use. Quotes group words: double quotes (``"…"``, or the ``“…”``
Slack makes of them) anywhere, single quotes (``'…'`` or ``‘…’``) only from the
start of a word (or of a ``key=`` value, or after ``project:``) to a closing one
at the end of a word, so that an apostrophe inside a word (``O'Brien``,
``don't``) stays a letter. A quote inside markup is part of the markup.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

OPENING_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "”"}
CLOSING_QUOTES = {'"', "”", "“"}
SINGLE_QUOTES = {"'": "'", "‘": "’", "’": "’"}  # open only where a word (or a value) starts
SINGLE_CLOSING = {"'", "’", "‘"}
_VALUE_STARTS = ("=", ":")  # ``name='Ann B'``, ``project:'Web site'``


class LexError(ValueError):
    """The text cannot be split (an unclosed quote)."""


@dataclass(frozen=True)
class Word:
    """One word: ``text`` as typed, ``raw`` as Slack sent it; ``quoted`` when any part was in quotes."""

    text: str
    quoted: bool = False
    raw: str = ""

    def __post_init__(self) -> None:
        if not self.raw:
            object.__setattr__(self, "raw", self.text)

    @property
    def option(self) -> tuple[str, str] | None:
        """``(key, value)`` for a ``key=value`` word, else None. The key must be typed plainly —
        or the whole word is one Slack link (Slack may link ``email=ann@acme.test`` as one)."""
        whole_link = self.raw.startswith("<") and self.raw.endswith(">") and self.raw.count("<") == 1
        key, sep, _ = (self.text if whole_link else self.raw).partition("=")
        if not sep or not key or not key.replace("_", "").isalnum():
            return None
        return key.lower(), self.text.partition("=")[2]


def visible(markup: str) -> str:
    """What Slack shows for the markup between ``<`` and ``>``: the text the person typed."""
    target, _, label = markup.partition("|")
    if target.startswith("@"):
        return "@" + (label.lstrip("@") or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return label or "@" + target[1:].split("^")[0]
    if target.lower().startswith("mailto:"):
        return label or target[len("mailto:"):]
    return label or target


def split_words(text: str) -> list[Word]:
    """Split ``text`` on whitespace outside quotes and markup; quotes are removed."""
    text = text or ""
    words: list[Word] = []
    typed: list[str] = []
    raw: list[str] = []
    quoted = in_word = False
    closer: str | None = None
    single = False  # the open quote is a single one: it closes only at the end of a word
    index = 0
    while index < len(text):
        char = text[index]
        end = text.find(">", index) if char == "<" else -1
        if end > index:  # Slack's markup is one unit, wherever it stands
            markup = text[index + 1:end]
            typed.append(visible(markup))
            raw.append(text[index:end + 1])
            in_word, index = True, end + 1
            continue
        index += 1
        if closer is not None:
            if single:
                closes = (char == closer or (char in SINGLE_CLOSING and closer != "'" and char != "'")) \
                    and (index == len(text) or text[index].isspace())
            else:
                closes = char == closer or (char in CLOSING_QUOTES and closer in CLOSING_QUOTES)
            if closes:
                closer = None
            else:
                typed.append(char)
                raw.append(char)
            continue
        if char in OPENING_QUOTES:
            closer, single = OPENING_QUOTES[char], False
            quoted = in_word = True
        elif char in SINGLE_QUOTES and (not in_word or (raw and raw[-1] in _VALUE_STARTS and not quoted)):
            closer, single = SINGLE_QUOTES[char], True
            quoted = in_word = True
        elif char.isspace():
            if in_word:
                words.append(_word(typed, raw, quoted))
            typed, raw, quoted, in_word = [], [], False, False
        else:
            typed.append(char)
            raw.append(char)
            in_word = True
    if closer is not None:
        raise LexError("a quote is not closed" + (" (a word that starts with an apostrophe goes in double quotes)"
                                                  if single else ""))
    if in_word:
        words.append(_word(typed, raw, quoted))
    return words


def _word(typed: list[str], raw: list[str], quoted: bool) -> Word:
    return Word(html.unescape("".join(typed)), quoted, html.unescape("".join(raw)))
