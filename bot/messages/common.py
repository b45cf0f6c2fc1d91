"""Wording both processes use, so a thing is said the same way wherever it is said."""
from __future__ import annotations

from bot.messages.text import esc
from bot.refs import State

_DECISION_WORDS = {State.QUEUED: "Approved", State.RUNNING: "Approved", State.DEFERRED: "Approved",
                   State.DONE: "Approved", State.FAILED: "Approved", State.REJECTED: "Rejected",
                   State.EXPIRED: "Expired", State.CANCELLED: "Withdrawn"}


def decision_word(state: str) -> str:
    """How an approval request was decided, by the state it went to: ``Approved``, ``Rejected``…"""
    return _DECISION_WORDS.get(state, str(state))


def not_connected() -> str:
    """A personal command from someone who has not linked a Toggl token (or whose token is gone)."""
    return esc("🔑 Link your Toggl account first: `/toggl connect <your Toggl API token>` "
               "(Toggl › Profile settings › API Token). Nothing was changed.")


def token_lost() -> str:
    """A stored token no key can read any more (the encryption key was changed); it was deleted."""
    return esc("🔑 Your stored Toggl token could no longer be read (the bot's encryption key changed), so it "
               "was deleted. Link your account again: `/toggl connect <your Toggl API token>`. "
               "Nothing was changed.")
