"""The per-request context handed to every route handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, NamedTuple, Optional

from werkzeug.datastructures import MultiDict

from .common import NO_ACCESS, check_query, forbidden, parse_object
from .state import State


class Route(NamedTuple):
    """One endpoint: werkzeug rule (below /api/v9), HTTP method, handler."""

    rule: str
    method: str
    handler: Callable[..., object]


@dataclass
class Ctx:
    """What a handler may use: the state, the caller and the raw request."""

    state: State
    user: dict
    token: str
    method: str
    path: str
    args: MultiDict
    raw: bytes
    quota_peek: Callable[[], Optional[tuple[int, int]]] = field(default=lambda: None)

    def body(self, schema: Mapping[str, str]) -> dict:
        """The JSON object body checked against ``schema`` (see parse_object)."""
        return parse_object(self.raw, schema)

    def query(self, *allowed: str) -> MultiDict:
        """The query args, after rejecting undocumented parameters."""
        check_query(self.args, allowed)
        return self.args

    def member(self, wid: int) -> tuple[dict, dict]:
        """(workspace, caller's workspace user); 403 unless an active member."""
        ws = self.state.workspaces.get(wid)
        wu = self.state.workspace_user_of(wid, self.user["id"]) if ws else None
        if ws is None or wu is None or wu["inactive"] or not wu["active"]:
            raise forbidden(NO_ACCESS)
        return ws, wu

    def admin(self, wid: int, message: str = NO_ACCESS) -> tuple[dict, dict]:
        """(workspace, caller's workspace user); 403 unless a workspace admin."""
        ws, wu = self.member(wid)
        if wu["role"] != "admin":
            raise forbidden(message)
        return ws, wu

    def organization_admin(self, oid: int, wid: int) -> tuple[dict, dict]:
        """Like ``admin`` but also checks that ``wid`` belongs to org ``oid``."""
        ws, wu = self.admin(wid)
        if ws["organization_id"] != oid:
            raise forbidden(NO_ACCESS)
        return ws, wu
