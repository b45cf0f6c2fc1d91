"""Every endpoint of the fake (the ``ROUTES`` of the ``routes_*`` modules)."""

from __future__ import annotations

from . import (
    routes_alerts,
    routes_catalog,
    routes_me,
    routes_organizations,
    routes_project_users,
    routes_rates,
    routes_reminders,
    routes_users,
    routes_workspaces,
)
from .context import Route

ALL_ROUTES: list[Route] = [
    *routes_me.ROUTES, *routes_workspaces.ROUTES, *routes_users.ROUTES,
    *routes_rates.ROUTES, *routes_reminders.ROUTES, *routes_catalog.ROUTES,
    *routes_project_users.ROUTES, *routes_alerts.ROUTES, *routes_organizations.ROUTES,
]
