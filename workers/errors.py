"""Failures a job reports in plain words (the text is built by bot.messages)."""
from __future__ import annotations


class CommandFailed(Exception):
    """The command cannot be done; ``text`` is the user-facing reason."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text
