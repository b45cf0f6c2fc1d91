"""One run of one command: the parsed command, its ref's record, and the workspace it acts on."""
from __future__ import annotations

from dataclasses import dataclass

from bot.catalogue import Command
from bot.refs import RefRecord


@dataclass(frozen=True)
class JobContext:
    """One run of one command."""

    ref: str
    command: Command
    record: RefRecord
    attempt: int = 1
    workspace_id: int = 0  # resolved once per job for commands that act on a workspace

    @property
    def args(self) -> dict:
        """The command's parsed arguments."""
        return self.command.args

    @property
    def user_id(self) -> str:
        """The Slack user who asked."""
        return self.record.user_id
