"""Command handlers: ``handler(svc, job) -> Message``; one module per area."""
from __future__ import annotations

from typing import Callable

from bot.messages.blocks import Message
from workers.handlers import people, personal
from workers.handlers.base import JobContext
from workers.services import Services

Handler = Callable[[Services, JobContext], Message]

HANDLERS: dict[str, Handler] = {
    "connect": personal.connect,
    "me": personal.me,
    "profile.set": personal.profile_set,
    "users": people.list_users,
    "user.show": people.show_user,
}
