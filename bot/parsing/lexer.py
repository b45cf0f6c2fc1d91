"""Split command text into words, honouring "…" and Slack's curly “…” quotes."""
from __future__ import annotations

import html
from dataclasses import dataclass

OPENING_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "”"}
CLOSING_QUOTES = {'"', "”", "“"}


class LexError(ValueError):
    """The text cannot be split (an unclosed quote)."""


@dataclass(frozen=True)
class Word:
    """One word of the command; ``quoted`` when any part of it was in quotes."""

    text: str
    quoted: bool = False

    @property
    def option(self) -> tuple[str, str] | None:
        """``(key, value)`` for an unquoted-key ``key=value`` word, else None."""
        key, sep, value = self.text.partition("=")
        if not sep or not key or self.quoted and '"' in key:
            return None
        if not key.replace("_", "").isalnum():
            return None
        return key.lower(), value


def split_words(text: str) -> list[Word]:
    """Split ``text`` on whitespace; quotes group words and are removed.

    Slack sends ``&``, ``<`` and ``>`` HTML-escaped; they are unescaped here
    except inside ``<…>`` links and mentions, which the parser reads as such.
    """
    text = html.unescape(text or "")
    words: list[Word] = []
    current: list[str] = []
    quoted = in_word = False
    closer: str | None = None
    for char in text:
        if closer is not None:
            if char == closer or (char in CLOSING_QUOTES and closer in CLOSING_QUOTES):
                closer = None
            else:
                current.append(char)
            continue
        if char in OPENING_QUOTES:
            closer = OPENING_QUOTES[char]
            quoted = in_word = True
        elif char.isspace():
            if in_word:
                words.append(Word("".join(current), quoted))
            current, quoted, in_word = [], False, False
        else:
            current.append(char)
            in_word = True
    if closer is not None:
        raise LexError("a quote is not closed")
    if in_word:
        words.append(Word("".join(current), quoted))
    return words
