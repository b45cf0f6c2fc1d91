"""A strict local fake of the Toggl Track API v9, for tests, the sandbox and benchmarks.

Use::

    from fakes.toggl import TogglFake

    with TogglFake(rate_limit=False) as fake:
        demo = fake.seed_demo()
        requests.get(fake.url + "/me", auth=(demo["tokens"]["ann@acme.test"], "api_token"))

or, from another process (run in the project root)::

    python -m fakes.toggl --port 0 --seed demo [--no-rate-limit]

which prints one JSON line ``{"url": ..., "tokens": {...}, "workspace_id": ...}``
and serves until SIGTERM/SIGINT.

STRICTER THAN TOGGL, on purpose (the fake exists to catch client bugs):

* a JSON body key the documentation does not list → 400 ``"Unknown field: KEY"``
  (Toggl ignores unknown keys); a value of the wrong JSON type (also a float
  or a bool where an integer is due) → 400 ``"JSON is not valid"``;
* on endpoints whose query parameters are documented, an undocumented one →
  400 ``"Unknown query parameter: NAME"``; a documented boolean that is not
  true/false/1/0 → 400 ``"Invalid NAME"``;
* a wrong kind of id (a global user id where a workspace-user id is due, an
  id from another workspace) never matches anything, because each kind of id
  has its own range (see ``state.py``).

Hourly quota: one bucket per token and organization, plus one per token for
``/me``, ``/me/…`` and any path outside an organization (see ``server.py``);
``GET /me/quota`` reports them. Enterprise's "custom" allowance is 1000 here.

WHERE TOGGL'S DOCUMENTATION IS SILENT, the fake chooses (details in the
module docstrings): ``GET …/projects`` lists active projects unless
``active`` says otherwise; indirect members (through a group) are seeded
explicitly (``add_workspace_user(direct=False)``), they are not derived from
group membership; a group member shown by ``…/project_users?with_group_members=true``
has a project-user id of its own that rates refuse (400 "Project user not
found"), like the group's own record (``routes_project_users.py``);
organization admins are the admins of any of its workspaces
(``routes_organizations.py``); alerts are for workspace admins on every plan
(``routes_alerts.py``).

Not modelled: email/password login, the per-IP part of the rate limit,
organization-level roles, every endpoint not listed in the package modules
``routes_*.py`` (they answer 404).

The modules of this package: ``server.py``
(pipeline, faults, recording), ``state.py`` (data layout), ``seeding.py``
(the ``add_*`` helpers), ``routes.py`` and ``routes_*.py`` (endpoints),
``limits.py`` (rate limit, quota buckets, fault queue), ``demo.py``.
"""

from .fake import TogglFake
from .server import API_PREFIX, RecordedRequest
from .state import State

__all__ = ["API_PREFIX", "RecordedRequest", "State", "TogglFake"]
