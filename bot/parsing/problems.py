"""What goes wrong while parsing: a bad single value, or a command that cannot be read."""
from __future__ import annotations


class ValueProblem(ValueError):
    """A single value is wrong; the message says how."""


class UsageError(Exception):
    """The text is not a valid command; ``message`` says exactly what is wrong.

    ``command`` names the catalogue row the text was meant to be, when known;
    :func:`bot.parser.parse` fills in ``usage``, that row's usage line.
    """

    def __init__(self, message: str, command: str | None = None):
        super().__init__(message)
        self.message = message
        self.command = command
        self.usage: str | None = None
