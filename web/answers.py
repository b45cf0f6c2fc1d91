"""Commands the web process answers in the ack itself (catalogue rows with ``queued=False``).

Each answer needs only Redis, never Toggl, so it fits in Slack's 3 seconds.
A test checks that ``ANSWERS`` covers exactly the catalogue's unqueued rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from bot import permissions
from bot.catalogue import Command
from bot.forms import form_buttons
from bot.messages.blocks import Message
from web.messages import acks
from web.messages import approvals as approval_messages

if TYPE_CHECKING:
    from web.intake import Intake, SlashRequest

Answer = Callable[["Intake", "SlashRequest", Command], Message]


def help_(intake: Intake, request: SlashRequest, command: Command) -> Message:
    """The commands the caller may run, or those of them starting with the topic's words."""
    visible = permissions.visible_commands(request.user_id, intake.settings)
    names = {spec.name for spec in visible}
    return acks.help_text(visible, command.args.get("topic", ""), form_buttons(names.__contains__))


def disconnect(intake: Intake, request: SlashRequest, command: Command) -> Message:
    """Forget the caller's Toggl token."""
    return acks.disconnected(intake.tokens.forget(request.user_id))


def status(intake: Intake, request: SlashRequest, command: Command) -> Message:
    """One ref (the caller's, or any for an admin), or the caller's latest five."""
    ref = command.args.get("ref")
    if ref is None:
        return acks.status_list(intake.refs.recent_for(request.user_id))
    record = intake.refs.get(ref)
    if record is None or not (record.user_id == request.user_id
                              or permissions.is_admin(request.user_id, intake.settings)):
        return acks.unknown_ref(ref)
    return acks.status(record, request.user_id)


def cancel(intake: Intake, request: SlashRequest, command: Command) -> Message:
    """The requester withdraws an approval request."""
    return intake.desk.cancel(request.user_id, command.args["ref"])


def approvals(intake: Intake, request: SlashRequest, command: Command) -> Message:
    """Open approval requests."""
    return approval_messages.open_requests(intake.desk.waiting())


ANSWERS: dict[str, Answer] = {
    "help": help_,
    "disconnect": disconnect,
    "status": status,
    "cancel": cancel,
    "approvals": approvals,
}
