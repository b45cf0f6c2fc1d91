"""What a handler gets: the parsed command and the record of its ref."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.commands import Command


@dataclass(frozen=True)
class JobContext:
    """One run of one command."""

    ref: str
    command: Command
    record: dict[str, Any]
    attempt: int = 1

    @property
    def user_id(self) -> str:
        """The Slack user who asked."""
        return self.record.get("user_id", "")
