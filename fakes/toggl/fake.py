"""``TogglFake``: the public face of the fake (seeding, observing, faults)."""

from __future__ import annotations

import time
from typing import Any, Iterable, Optional

from .demo import seed_demo
from .limits import ME, Fault
from .routes_rates import record_rate
from .server import HttpSide, RecordedRequest


class TogglFake(HttpSide):
    """A strict local Toggl Track API v9 served on 127.0.0.1.

    ``rate_limit``: refuse (429) a token's request that comes less than
    ``min_interval`` (0.9 s, as Toggl's 1 request/s) after its previous accepted one. ``quota_per_hour``: None = not enforced,
    an int = requests per sliding hour per token in each bucket (each
    organization, and the ``/me`` bucket, separately; 402 once used up).
    """

    def __init__(self, rate_limit: bool = True, quota_per_hour: Optional[int] = None,
                 host: str = "127.0.0.1", port: int = 0, min_interval: float = 0.9) -> None:
        super().__init__(rate_limit, quota_per_hour, host, port, min_interval)

    def __enter__(self) -> "TogglFake":
        self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def rate_limit(self) -> bool:
        """Whether the 1 request/s limit is enforced (settable at any time)."""
        return self._limiter.enabled

    @rate_limit.setter
    def rate_limit(self, enabled: bool) -> None:
        self._limiter.enabled = enabled

    # ------------------------------------------------------------ seeding
    def add_organization(self, name: str = "Organization") -> dict:
        """Create an organization; returns a copy of its record."""
        return self.state.add_organization(name)

    def add_workspace(self, organization_id: int, name: str = "Workspace", plan: str = "free",
                      currency: str = "USD", default_hourly_rate: float = 0) -> dict:
        """Create a workspace (plan: free, starter, premium or enterprise)."""
        with self.state.lock:
            ws = self.state.add_workspace(organization_id, name, plan, currency,
                                          default_hourly_rate)
            if default_hourly_rate:
                record_rate(self.state, ws["id"], "workspace", ws["id"], "billable_rates",
                            default_hourly_rate, mode="override-all")
            record = self.state.workspaces[ws["id"]]
            return {**record, "te_constraints": dict(record["te_constraints"])}

    def set_constraints(self, workspace_id: int, **flags: bool) -> dict:
        """Set time entry constraints (``description_present``, ``project_present``,
        ``tag_present``, ``task_present``, ``time_entry_constraints_enabled``)."""
        return self.state.set_constraints(workspace_id, **flags)

    def add_user(self, email: str, fullname: str = "", token: Optional[str] = None,
                 default_workspace_id: Optional[int] = None, timezone: str = "UTC",
                 password: str = "password123") -> dict:
        """Create a global user with an API token (``api_token`` in the result)."""
        return self.state.add_user(email, fullname, token, default_workspace_id,
                                   timezone, password)

    def add_workspace_user(self, workspace_id: int, user_id: int, role: str = "user",
                           rate: Optional[float] = None, labor_cost: Optional[float] = None,
                           working_hours_in_minutes: Optional[int] = None,
                           inactive: bool = False, active: bool = True,
                           group_ids: Iterable[int] = (), direct: bool = True) -> dict:
        """Make a global user a workspace member; rates also go to the history.

        ``active=False``: invited, has not accepted yet; ``inactive=True``:
        deactivated; ``direct=False``: a member only through a group.
        """
        with self.state.lock:
            wu = self.state.add_workspace_user(workspace_id, user_id, role, rate, labor_cost,
                                               working_hours_in_minutes, inactive, active,
                                               group_ids, direct)
            for amount, rate_type in ((rate, "billable_rates"), (labor_cost, "labor_rates")):
                if amount is not None:
                    record_rate(self.state, workspace_id, "workspace_user", wu["id"],
                                rate_type, amount, mode="override-all")
            return dict(self.state.workspace_users[wu["id"]])

    def add_group(self, workspace_id: int, name: str, user_ids: Iterable[int] = (),
                  workspace_ids: Iterable[int] = ()) -> dict:
        """Create a group of global users in the organization of ``workspace_id``,
        assigned to it and to ``workspace_ids`` (workspaces of the same organization)."""
        return self.state.add_group(workspace_id, name, user_ids, workspace_ids)

    def add_client(self, workspace_id: int, name: str, notes: str = "",
                   archived: bool = False) -> dict:
        """Create a client."""
        return self.state.add_client(workspace_id, name, notes, archived)

    def add_project(self, workspace_id: int, name: str, client_id: Optional[int] = None,
                    active: bool = True) -> dict:
        """Create a project."""
        return self.state.add_project(workspace_id, name, client_id, active)

    def add_projects(self, workspace_id: int, names: Iterable[str],
                     client_id: Optional[int] = None, active: bool = True) -> list[dict]:
        """Create several projects at once (for paging)."""
        with self.state.lock:
            return [self.state.add_project(workspace_id, name, client_id, active) for name in names]

    def add_project_user(self, project_id: int, user_id: int, rate: Optional[float] = None,
                         labor_cost: Optional[float] = None, manager: bool = False) -> dict:
        """Add a global user to a project."""
        return self.state.add_project_user(project_id, user_id, rate, labor_cost, manager)

    def add_project_group(self, project_id: int, group_id: int, rate: Optional[float] = None,
                          labor_cost: Optional[float] = None) -> dict:
        """Assign a group (assigned to the project's workspace) to a project."""
        return self.state.add_project_group(project_id, group_id, rate, labor_cost)

    def add_task(self, workspace_id: int, project_id: int, name: str) -> dict:
        """Create a task."""
        return self.state.add_task(workspace_id, project_id, name)

    def add_reminder(self, workspace_id: int, threshold: int = 8, frequency: int = 1,
                     user_ids: Iterable[int] = (), group_ids: Iterable[int] = ()) -> dict:
        """Create a track reminder (global user ids)."""
        return self.state.add_reminder(workspace_id, threshold, frequency, user_ids, group_ids)

    def seed_demo(self) -> dict:
        """Seed the ready-made demo (see ``demo.seed_demo``) and return it."""
        return seed_demo(self)

    # ---------------------------------------------------------- observing
    def requests_for(self, method: Optional[str] = None,
                     path_prefix: Optional[str] = None) -> list[RecordedRequest]:
        """Recorded requests filtered by method and path prefix (below /api/v9)."""
        with self._requests_lock:
            return [r for r in self.requests
                    if (method is None or r.method == method.upper())
                    and (path_prefix is None or r.path.startswith(path_prefix))]

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._requests_lock:
            self.requests.clear()

    # ------------------------------------------------------------- faults
    def fail_next(self, status: int, count: int = 1, body: Any = None,
                  headers: Optional[dict] = None, path_prefix: Optional[str] = None,
                  apply: bool = False) -> None:
        """Answer the next ``count`` matching requests with a canned response.

        Default bodies: 429 → the HTML page; 401 → empty; 5xx → short plain
        text; others → JSON string of the reason phrase. A str/bytes body is
        sent as is (text/html if it starts with "<", else text/plain); any
        other body is JSON-encoded. The request is not applied, unless
        ``apply=True``: then it is carried out first and only its answer is
        replaced (a 5xx after Toggl did the work).
        """
        self._faults.add(Fault("fail", count, path_prefix, status=status, body=body,
                               headers=dict(headers or {}), apply=apply))

    def delay_next(self, seconds: float, count: int = 1,
                   path_prefix: Optional[str] = None, after: bool = False) -> None:
        """Sleep before handling the next ``count`` matching requests (still applied);
        ``after=True`` applies the request first and sleeps before answering."""
        self._faults.add(Fault("delay", count, path_prefix, seconds=seconds, apply=after))

    def drop_next(self, count: int = 1, path_prefix: Optional[str] = None,
                  apply: bool = False) -> None:
        """Close the connection of the next ``count`` matching requests unanswered.

        ``apply=True`` runs the request first, so its change is kept.
        """
        self._faults.add(Fault("drop", count, path_prefix, apply=apply))

    def set_quota(self, token: str, remaining: int, resets_in: float, *,
                  organization_id: Optional[int] = None, me: bool = False) -> None:
        """Give a token ``remaining`` requests until ``resets_in`` seconds from now.

        Which hourly bucket(s): by default each organization bucket of the
        token (every one, also those first used later; not the ``/me``
        bucket); ``organization_id=X``: that organization's only; ``me=True``:
        the ``/me`` bucket only.
        """
        if organization_id is not None and me:
            raise ValueError("give organization_id or me, not both")
        bucket = ME if me else None if organization_id is None else ("organization", organization_id)
        self._quotas.set_quota(token, remaining, resets_in, time.monotonic(), bucket)

    def reset_faults(self) -> None:
        """Drop queued faults, quota overrides/counts and rate-limit history."""
        self._faults.clear()
        self._quotas.reset()
        self._limiter.reset()
