"""Command handlers: ``handler(svc, job) -> Message``; one module per area."""
from __future__ import annotations

from typing import Callable

from bot.messages.blocks import Message
from workers.handlers import clients, people, personal, rates, reminders, workspace
from workers.handlers.base import JobContext
from workers.services import Services

Handler = Callable[[Services, JobContext], Message]

HANDLERS: dict[str, Handler] = {
    "connect": personal.connect,
    "me": personal.me,
    "profile.set": personal.profile_set,
    "users": people.list_users,
    "user.show": people.show_user,
    "user.set": people.set_user,
    "user.deactivate": people.deactivate_user,
    "user.reactivate": people.reactivate_user,
    "user.remove": people.remove_users,
    "rate.set": rates.set_rate,
    "rate.show": rates.show_rate,
    "reminders": reminders.list_all,
    "reminder.add": reminders.add,
    "reminder.update": reminders.update,
    "reminder.delete": reminders.delete,
    "clients": clients.list_all,
    "client.rename": clients.rename,
    "client.notes": clients.notes,
    "client.archive": clients.archive,
    "client.restore": clients.restore,
    "workspace": workspace.show,
    "workspace.set": workspace.set_fields,
}
