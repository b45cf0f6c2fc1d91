"""Cached look-ups: the workspace, its organization, people, clients, projects, groups (SPEC §7, §12).

Everything a command names is found here, from lists cached in Redis for all
workers (``key`` names them; ``workers.cache_writes`` keeps them current after
the bot's own writes); what cannot be found raises a typed error from
``workers.errors``.
"""
from __future__ import annotations

import difflib
from typing import Any, Callable, Iterable

from bot.cached import DEFAULT_WORKSPACE, DEFAULT_WORKSPACE_TTL, lookup_key
from toggl.alerts import list_alerts
from toggl.clients import list_clients
from toggl.errors import QuotaExhausted, TogglError
from toggl.groups import list_groups
from toggl.me import get_me
from toggl.projects import find_projects, get_project, list_project_users, list_projects
from toggl.rates import current_rate, list_rates
from toggl.reminders import list_reminders
from toggl.workspace_users import list_workspace_users
from toggl.workspaces import get_workspace, list_my_workspaces
from workers.errors import (
    Ambiguous,
    NoDefaultWorkspace,
    NoSlackEmail,
    NotFound,
    NotProjectMember,
    PersonNotInWorkspace,
    WorkspaceNotAllowed,
)
from workers.services import Services

key = lookup_key  # the cache key of one look-up of workspace ``wid`` (``workspace_users``, ``project:4001``, …)


def resolve_workspace_id(svc: Services, requested: int | None) -> int:
    """``ws=`` (one of ``TOGGLBOT_WORKSPACES``), else ``TOGGL_WORKSPACE_ID``, else the admin token's
    default workspace."""
    if requested:
        if requested not in svc.settings.workspaces:  # the ack refuses it too; a job may be forged
            raise WorkspaceNotAllowed(requested)
        return requested
    if svc.settings.toggl_workspace_id:
        return svc.settings.toggl_workspace_id
    me = _service_me(svc)
    if not me.get("default_workspace_id"):
        raise NoDefaultWorkspace()
    # the web process reads it to offer the workspace's projects in Slack's pickers
    svc.redis.set(DEFAULT_WORKSPACE, int(me["default_workspace_id"]), ex=DEFAULT_WORKSPACE_TTL)
    return int(me["default_workspace_id"])


def service_user_id(svc: Services) -> int:
    """The global id of the Toggl user whose token the bot uses for admin commands (cached)."""
    return int(_service_me(svc)["id"])


def _service_me(svc: Services) -> dict[str, Any]:
    api = svc.toggl()
    return svc.cache.get_or_load(f"me:{api.token_id}", lambda: _slim_me(get_me(api)))


def workspace(svc: Services, wid: int) -> dict[str, Any]:
    """The workspace's settings (cached).

    Read with ``GET /me/workspaces``, which counts in the token's own ``/me``
    bucket (a look-up that spends none of the organization's hourly quota) and
    brings the bot's other workspaces along; with ``GET /workspaces/{wid}`` when
    that bucket is used up or the list lacks the workspace.
    """
    def load() -> dict[str, Any]:
        api = svc.toggl()
        try:
            listed = {int(ws["id"]): _without_token(ws) for ws in list_my_workspaces(api) if ws.get("id")}
        except QuotaExhausted:
            listed = {}
        for other, record in listed.items():
            if other != wid and other in svc.settings.workspaces:
                svc.cache.put(key(other, "workspace"), record)
        return listed.get(wid) or _without_token(get_workspace(api, wid))

    return svc.cache.get_or_load(key(wid, "workspace"), load)


def _without_token(record: dict[str, Any]) -> dict[str, Any]:
    # api_token: a deprecated field that may hold a token; active_project_count: would go stale
    return {name: value for name, value in record.items() if name not in ("api_token", "active_project_count")}


def organization_id(svc: Services, wid: int) -> int:
    """``TOGGL_ORGANIZATION_ID`` for the configured workspace, else the workspace's own."""
    if svc.settings.toggl_organization_id and wid == svc.settings.toggl_workspace_id:
        return svc.settings.toggl_organization_id
    return int(workspace(svc, wid)["organization_id"])


def workspace_users(svc: Services, wid: int) -> list[dict[str, Any]]:
    """Everyone in the workspace, also through a group (cached), workspace-user ids in ``id``."""
    return svc.cache.get_or_load(key(wid, "workspace_users"), lambda: list_workspace_users(svc.toggl(), wid))


def groups(svc: Services, wid: int) -> list[dict[str, Any]]:
    """The groups of the workspace's organization assigned to the workspace (cached)."""
    return svc.cache.get_or_load(key(wid, "groups"),
                                 lambda: list_groups(svc.toggl(), organization_id(svc, wid), wid))


def find_people(svc: Services, wid: int, selectors: list[dict]) -> list[dict[str, Any]]:
    """Workspace users for person selectors, all from one list call."""
    people = workspace_users(svc, wid)
    by_email = {(p.get("email") or "").lower(): p for p in people}
    by_id = {int(p["id"]): p for p in people}
    by_uid = {int(p["uid"]): p for p in people if p.get("uid")}
    found = []
    for who in selectors:
        if "workspace_user_id" in who:
            person = by_id.get(who["workspace_user_id"])
            label = f"id:{who['workspace_user_id']}"
        elif "user_id" in who:  # a global user id: only undo names people this way
            person = by_uid.get(who["user_id"])
            label = f"Toggl user {who['user_id']}"
        else:
            email = who.get("email") or _email_of_slack_user(svc, who["slack_user"])
            person = by_email.get(email.lower())
            label = email
        if person is None:
            local = label.partition("@")[0] if "@" in label else ""  # no near misses of an id
            raise PersonNotInWorkspace(label, wid, close_matches(local, people, _person_names))
        found.append(person)
    return found


def _email_of_slack_user(svc: Services, slack_user: str) -> str:
    def load() -> str:
        email = svc.slack.email_of(slack_user)
        if not email:
            raise NoSlackEmail(slack_user)
        return email

    return svc.cache.get_or_load(f"slack-email:{slack_user}", load)


def reminders(svc: Services, wid: int, *, fresh: bool = False) -> list[dict[str, Any]]:
    """The workspace's tracking reminders (cached; ``fresh`` reads Toggl and refreshes the cache)."""
    if fresh:
        found = list_reminders(svc.toggl(), wid)
        svc.cache.put(key(wid, "reminders"), found)
        return found
    return svc.cache.get_or_load(key(wid, "reminders"), lambda: list_reminders(svc.toggl(), wid))


def find_reminder(svc: Services, wid: int, reminder_id: int) -> dict[str, Any]:
    """One tracking reminder by id."""
    found = next((r for r in reminders(svc, wid) if reminder_id_of(r) == reminder_id), None)
    if found is None:
        raise NotFound("tracking reminder", f"#{reminder_id}", [])
    return found


def reminder_id_of(reminder: dict[str, Any]) -> int:
    """Toggl calls a reminder's id ``reminder_id`` (``id`` in older answers)."""
    return int(reminder.get("reminder_id") or reminder.get("id") or 0)


def alerts(svc: Services, wid: int, *, fresh: bool = False) -> list[dict[str, Any]]:
    """The workspace's project alerts (cached; ``fresh`` reads Toggl and refreshes the cache)."""
    if fresh:
        found = list_alerts(svc.toggl(), wid)
        svc.cache.put(key(wid, "alerts"), found)
        return found
    return svc.cache.get_or_load(key(wid, "alerts"), lambda: list_alerts(svc.toggl(), wid))


def find_alert(svc: Services, wid: int, alert_id: int) -> dict[str, Any]:
    """One project alert by id."""
    found = next((a for a in alerts(svc, wid) if int(a.get("id") or 0) == alert_id), None)
    if found is None:
        raise NotFound("alert", f"#{alert_id}", [])
    return found


def clients(svc: Services, wid: int) -> list[dict[str, Any]]:
    """All clients of the workspace, active and archived (cached)."""
    return svc.cache.get_or_load(key(wid, "clients"), lambda: list_clients(svc.toggl(), wid))


CLOSE_MATCHES = 3  # near misses offered for a name that is not found


def close_matches(text: str, candidates: list[dict[str, Any]],
                  names: Callable[[dict[str, Any]], Iterable[str]] = lambda c: [c.get("name") or ""]
                  ) -> list[dict[str, Any]]:
    """Up to three candidates named like ``text``, ignoring case: difflib's close matches among their
    ``names``, then names that contain ``text`` or that ``text`` contains (the one helper every "did you
    mean" uses)."""
    wanted = text.strip().casefold()
    named: dict[str, list[dict[str, Any]]] = {}
    for candidate in candidates:
        for name in names(candidate):
            if name and name.strip():
                named.setdefault(name.strip().casefold(), []).append(candidate)
    if not wanted or not named:
        return []
    order = difflib.get_close_matches(wanted, list(named), n=len(named))
    order += [name for name in named if name not in order and (wanted in name or (len(name) >= 3 and name in wanted))]
    found: dict[int, dict[str, Any]] = {}
    for name in order:
        for candidate in named[name]:
            found.setdefault(id(candidate), candidate)
    return list(found.values())[:CLOSE_MATCHES]


def _person_names(person: dict[str, Any]) -> list[str]:
    """What a person is called, to compare with the part of an email before the ``@``."""
    return [person.get("name") or "", (person.get("email") or "").partition("@")[0]]


def _one_by_name(kind: str, selector: dict, candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """The candidate named exactly ``selector["name"]`` (ignoring case); none or several is an error."""
    name = selector["name"].casefold()
    found = [c for c in candidates if (c.get("name") or "").casefold() == name]
    label = f"“{selector['name']}”"
    if len(found) > 1:
        raise Ambiguous(kind, label, found)
    if not found:
        raise NotFound(kind, label, close_matches(selector["name"], candidates))
    return found[0]


def fresh_clients(svc: Services, wid: int) -> list[dict[str, Any]]:
    """All clients read from Toggl now (for writes that send the whole client); the cache is refreshed."""
    found = list_clients(svc.toggl(), wid)
    svc.cache.put(key(wid, "clients"), found)
    return found


def find_client(svc: Services, wid: int, selector: dict, *, fresh: bool = False) -> dict[str, Any]:
    """A client by id, or by exact name (case-insensitive); ``fresh`` reads Toggl instead of the cache."""
    everyone = fresh_clients(svc, wid) if fresh else clients(svc, wid)
    if "id" not in selector:
        return _one_by_name("client", selector, everyone)
    found = next((c for c in everyone if int(c["id"]) == selector["id"]), None)
    if found is None:
        raise NotFound("client", str(selector["id"]), [])
    return found


def projects(svc: Services, wid: int) -> list[dict[str, Any]]:
    """Every project of the workspace, active and archived, read page by page (cached)."""
    return svc.cache.get_or_load(key(wid, "projects"), lambda: list_projects(svc.toggl(), wid, active="both"))


def client_projects(svc: Services, wid: int, client_id: int, *, active: bool) -> list[dict[str, Any]]:
    """The client's active (or archived) projects, from the cached list of all projects."""
    return [p for p in projects(svc, wid)
            if p.get("client_id") == client_id and bool(p.get("active", True)) == active]


def find_project(svc: Services, wid: int, selector: dict) -> dict[str, Any]:
    """A project by id, or by exact name (case-insensitive): from the list of all projects when it is
    cached, else with one request (``GET …/projects/{id}`` or ``?name=``)."""
    everything = svc.cache.get(key(wid, "projects"))
    if everything is not None:
        if "id" in selector:
            found = next((p for p in everything if int(p["id"]) == selector["id"]), None)
            if found is None:
                raise NotFound("project", str(selector["id"]), [])
            return found
        return _one_by_name("project", selector, everything)
    if "id" in selector:
        return svc.cache.get_or_load(key(wid, f"project:{selector['id']}"),
                                     lambda: get_project(svc.toggl(), wid, selector["id"]))
    name = selector["name"]
    candidates = svc.cache.get_or_load(key(wid, f"projects-named:{name.casefold()}"),
                                       lambda: find_projects(svc.toggl(), wid, name))
    try:
        return _one_by_name("project", selector, candidates)
    except NotFound as missing:
        if not missing.similar:  # none contains the name: near misses from the list of all projects
            missing.similar = _near_projects(svc, wid, name)
        raise


def _near_projects(svc: Services, wid: int, name: str) -> list[dict[str, Any]]:
    """Projects named like ``name``, from the list of all projects (read now if not cached, and then
    cached); none when Toggl cannot tell now — the project is not found either way."""
    try:
        return close_matches(name, projects(svc, wid))
    except TogglError:
        return []


def find_project_user(svc: Services, wid: int, project: dict, person: dict) -> dict[str, Any]:
    """The project-user record (its own id) of a workspace user added to a project directly; someone on
    it only through a group has no record of their own to set a rate on."""
    members = svc.cache.get_or_load(key(wid, f"project_users:{project['id']}"),
                                    lambda: list_project_users(svc.toggl(), wid, project["id"]))
    theirs = [m for m in members if int(m.get("user_id") or 0) == int(person.get("uid") or -1)]
    direct = [m for m in theirs if not m.get("group_id")]
    if direct:
        return direct[0]
    if theirs:
        group_id = int(theirs[0]["group_id"])
        group = next((g for g in groups(svc, wid) if g["id"] == group_id), {"name": f"group {group_id}"})
        raise NotProjectMember(person, project, group)
    raise NotProjectMember(person, project)


def rate_now(svc: Services, wid: int, level: str, level_id: int, rate_type: str) -> float | None:
    """The amount in force now for a target whose own record does not hold it, from the rate history
    (cached as the amount alone)."""
    def load() -> dict[str, Any]:
        rate = current_rate(list_rates(svc.toggl(), wid, level, level_id, rate_type))
        return {"amount": None if rate is None else float(rate["amount"])}

    return svc.cache.get_or_load(key(wid, f"rate:{level}:{level_id}:{rate_type}"), load)["amount"]


def own_profile(svc: Services, api: Any) -> dict[str, Any]:
    """The profile of a token's own user, the fields ``profile set`` shows and changes (cached per token)."""
    return svc.cache.get_or_load(f"profile:{api.token_id}", lambda: slim_profile(get_me(api)))


PROFILE_FIELDS = ("id", "email", "fullname", "timezone", "beginning_of_week", "country_id", "default_workspace_id")


def slim_profile(me: dict[str, Any]) -> dict[str, Any]:
    """A profile without what must never be kept (the API token, the image, …)."""
    return {field: me.get(field) for field in PROFILE_FIELDS}


def check_groups(svc: Services, wid: int, group_ids: list[int]) -> list[dict[str, Any]]:
    """The named groups, each checked to exist in the workspace."""
    by_id = {int(g["id"]): g for g in groups(svc, wid)}
    missing = [gid for gid in group_ids if gid not in by_id]
    if missing:
        raise NotFound("group", f"group:{missing[0]}",
                       close_matches(str(missing[0]), list(by_id.values()), lambda g: [str(g["id"])]))
    return [by_id[gid] for gid in group_ids]


def forget(svc: Services, wid: int, *kinds: str) -> None:
    """Drop cached look-ups (to read them fresh)."""
    svc.cache.drop(*(key(wid, kind) for kind in kinds))


def _slim_me(me: dict[str, Any]) -> dict[str, Any]:
    # Cache only what is needed; the profile holds personal data.
    return {"id": me.get("id"), "default_workspace_id": me.get("default_workspace_id")}
