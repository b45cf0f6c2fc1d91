"""Word splitting: quotes, curly quotes, options, Slack's HTML escapes."""
from __future__ import annotations

import pytest

from bot.parsing.lexer import LexError, Word, split_words

ROWS = [
    ("a b  c", ["a", "b", "c"]),
    ('"two words" x', ["two words", "x"]),
    ("“curly words” x", ["curly words", "x"]),
    ('name="Ann B"', ["name=Ann B"]),
    ('project:"Web site"', ["project:Web site"]),
    ("a &amp; b", ["a", "&", "b"]),
    ('""', [""]),
]


@pytest.mark.parametrize("text, words", ROWS)
def test_split(text: str, words: list[str]) -> None:
    assert [w.text for w in split_words(text)] == words


def test_unclosed_quote_is_an_error() -> None:
    with pytest.raises(LexError):
        split_words('say "hello')


def test_option_word_gives_key_and_value() -> None:
    assert Word("Rate=85").option == ("rate", "85")


def test_plain_word_is_not_an_option() -> None:
    assert Word("ann@acme.test").option is None


def test_mailto_link_is_not_an_option() -> None:
    assert Word("<mailto:a=b@c.co|a=b@c.co>").option is None
