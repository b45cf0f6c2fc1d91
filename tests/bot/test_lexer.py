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
    # Slack's markup becomes what the person typed
    ("<mailto:finance@bigco.example|finance@bigco.example>", ["finance@bigco.example"]),
    ("<https://evil.example|Re-login> now", ["Re-login", "now"]),
    ("<https://acme.example>", ["https://acme.example"]),
    ("<@U0CAT|cat> <@U0DAN>", ["@cat", "@U0DAN"]),
    ("<#C0OPS|toggl-ops> <!here> <!channel> <!subteam^S1|@devs>", ["#toggl-ops", "@here", "@channel", "@devs"]),
    ("Smith &amp; Sons &lt;UK&gt;", ["Smith", "&", "Sons", "<UK>"]),
    ('"Big &amp; Co" "see <https://x.example|the site> for more"', ["Big & Co", "see the site for more"]),
    ("<https://x.example|label with spaces>", ["label with spaces"]),
    ('<https://x.example|a "quoted" label> x', ['a "quoted" label', "x"]),
    # single quotes, straight and curly, quote from the start of a word to the end of one
    ("'Globex Inc' \"Globex Corp\"", ["Globex Inc", "Globex Corp"]),
    ("‘Globex Inc’ x", ["Globex Inc", "x"]),
    ("’Globex Inc’ x", ["Globex Inc", "x"]),
    ("name='Ann B' project:'Web site'", ["name=Ann B", "project:Web site"]),
    # an apostrophe inside a word stays a letter, also inside quotes
    ("O'Brien don't O’Brien", ["O'Brien", "don't", "O’Brien"]),
    ("\"O'Brien & Co\" Obrien", ["O'Brien & Co", "Obrien"]),
    ("'O'Brien Co' x", ["O'Brien Co", "x"]),
    ("'the Jones' shop' x", ["the Jones", "shop'", "x"]),
    ("\"say 'hi'\" 'say \"hi\"'", ["say 'hi'", 'say "hi"']),
    ("rock 'n' roll", ["rock", "n", "roll"]),
    ("''", [""]),
]


@pytest.mark.parametrize("text, words", ROWS)
def test_split(text: str, words: list[str]) -> None:
    assert [w.text for w in split_words(text)] == words


def test_unclosed_quote_is_an_error() -> None:
    with pytest.raises(LexError):
        split_words('say "hello')


@pytest.mark.parametrize("text", ["'Globex Inc", "client rename 'O'Brien", "‘open", "x 'a'b"])
def test_an_unclosed_single_quote_is_an_error(text: str) -> None:
    with pytest.raises(LexError, match="a quote is not closed"):
        split_words(text)


def test_single_quotes_mark_the_word_quoted() -> None:
    assert [(w.text, w.quoted) for w in split_words("'archived' archived")] == [("archived", True),
                                                                                ("archived", False)]


def test_option_word_gives_key_and_value() -> None:
    assert Word("Rate=85").option == ("rate", "85")


def test_plain_word_is_not_an_option() -> None:
    assert Word("ann@acme.test").option is None




@pytest.mark.parametrize("text, raw", [
    ("<@U0CAT|cat>", "<@U0CAT|cat>"),
    ("<mailto:a@b.co|a@b.co>", "<mailto:a@b.co|a@b.co>"),
    ("id:5003", "id:5003"),
])
def test_each_word_keeps_slacks_form_for_reading_people(text: str, raw: str) -> None:
    [word] = split_words(text)
    assert word.raw == raw


def test_an_option_value_is_what_the_person_typed() -> None:
    [word] = split_words('fullname="<!channel> <https://evil.example|Re-login>"')
    assert word.option == ("fullname", "@channel Re-login")


def test_a_whole_word_slack_linked_as_an_email_is_read_as_the_option_typed() -> None:
    [word] = split_words("<mailto:email=ann@acme.test|email=ann@acme.test>")
    assert word.option == ("email", "ann@acme.test")


def test_a_link_inside_a_word_does_not_make_its_key() -> None:
    [word] = split_words("<https://x.example|a>=b")
    assert word.option is None
