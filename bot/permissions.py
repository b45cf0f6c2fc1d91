"""Who may run what (SPEC §6): pure functions keyed on Slack user IDs."""
from __future__ import annotations

from bot.catalogue import CATALOGUE, Audience, CommandSpec
from bot.settings import Settings


def is_admin(user_id: str, settings: Settings) -> bool:
    """Whether the Slack user is one of the bot's Toggl admins."""
    return user_id in settings.admins


def is_approver(user_id: str, settings: Settings) -> bool:
    """Whether the Slack user may decide approval requests."""
    return user_id in settings.approvers


def may_run(user_id: str, spec: CommandSpec, settings: Settings) -> bool:
    """Whether the user may run commands of this catalogue row."""
    if spec.who is Audience.ANYONE or is_admin(user_id, settings):
        return True
    return spec.who is Audience.APPROVERS and is_approver(user_id, settings)


def visible_commands(user_id: str, settings: Settings) -> list[CommandSpec]:
    """The catalogue rows the user may run, in catalogue order (for ``help``)."""
    return [spec for spec in CATALOGUE.values() if may_run(user_id, spec, settings)]
