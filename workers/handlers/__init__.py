"""Handlers of the queued commands that change nothing in Toggl: ``handler(svc, job) -> Message``.

Changes are planned and applied by ``workers.changes``; a test checks that
``HANDLERS`` and ``workers.changes.PLANNERS`` together cover exactly the
queued catalogue rows.
"""
from __future__ import annotations

from typing import Callable

from bot.messages.blocks import Message
from workers.handlers import (
    alerts,
    clients,
    people,
    personal,
    preview,
    projects,
    quota,
    rates,
    reminders,
    watches,
    workspace,
)
from workers.job import JobContext
from workers.services import Services

Handler = Callable[[Services, JobContext], Message]

HANDLERS: dict[str, Handler] = {
    "connect": personal.connect,
    "me": personal.me,
    "preview": preview.preview,
    "quota": quota.show,
    "watches": watches.list_watches,
    "users": people.list_users,
    "members": people.list_members,
    "user.show": people.show_user,
    "rate.show": rates.show_rate,
    "reminders": reminders.list_all,
    "clients": clients.list_all,
    "projects": projects.list_projects,
    "groups": projects.list_groups,
    "workspace": workspace.show,
    "constraints": workspace.show_constraints,
    "alerts": alerts.list_alerts,
}
