"""What the bot's own writes do to the cached look-ups (write-through, SPEC §12).

Each change's step kind calls these with Toggl's answer, so the cached
records stay what Toggl now holds and the next command needs no look-up.
Toggl's answer wins over what was sent; what was sent fills the gaps (an
answer may be empty, e.g. ``POST …/rates`` answers 201 without a body).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from workers import lookups
from workers.services import Services

Record = dict[str, Any]


def merged(sent: dict[str, Any] | None, answer: Any) -> dict[str, Any]:
    """The fields a write gave a record: what was sent, overridden by Toggl's answer when it is a record."""
    fields = dict(sent or {})
    if isinstance(answer, dict):
        fields.update(answer)
    fields.pop("api_token", None)  # some answers carry a token; it is never kept
    return fields


def update_listed(svc: Services, wid: int, kind: str, ident: int, fields: dict[str, Any],
                  id_field: str = "id") -> None:
    """Give the record ``ident`` of a cached list ``fields``."""
    svc.cache.update(lookups.key(wid, kind), lambda items: [
        {**item, **fields} if _id(item, id_field) == ident else item for item in items])


def add_listed(svc: Services, wid: int, kind: str, record: Record, id_field: str = "id") -> None:
    """Add a created record to a cached list (once, even if an earlier attempt added it)."""
    ident = _id(record, id_field)
    svc.cache.update(lookups.key(wid, kind), lambda items: [
        item for item in items if _id(item, id_field) != ident] + [record])


def remove_listed(svc: Services, wid: int, kind: str, idents: Iterable[int], id_field: str = "id") -> None:
    """Take deleted records out of a cached list."""
    gone = set(idents)
    svc.cache.update(lookups.key(wid, kind), lambda items: [item for item in items if _id(item, id_field) not in gone])


def update_record(svc: Services, wid: int, kind: str, fields: dict[str, Any]) -> None:
    """Give a cached single record (the workspace, one project) ``fields``."""
    svc.cache.update(lookups.key(wid, kind), lambda record: {**record, **fields})


def update_projects(svc: Services, wid: int, fields: dict[str, Any], which: Callable[[Record], bool]) -> None:
    """Give every cached copy of the projects ``which`` picks ``fields`` (by id, by name, by client)."""
    def change_list(projects: list[Record]) -> list[Record]:
        return [{**p, **fields} if which(p) else p for p in projects]

    for name in svc.cache.keys(lookups.key(wid, "project:*")):
        svc.cache.update(name, lambda p: {**p, **fields} if which(p) else p)
    for name in [*svc.cache.keys(lookups.key(wid, "projects-named:*")), lookups.key(wid, "projects")]:
        svc.cache.update(name, change_list)


def _id(record: Record, id_field: str) -> int:
    try:
        return int(record.get(id_field) or record.get("id") or 0)
    except (TypeError, ValueError):
        return 0
