"""The per-request context handed to every route handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, NamedTuple

from werkzeug.datastructures import MultiDict

from .common import NO_ACCESS, check_query, forbidden, not_found, parse_object
from .state import State

FORBIDDEN = "Forbidden"
RESOURCE_404 = "Resource can not be found"


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
    # (bucket, total when not enforced) → (remaining, resets_in, total), see QuotaBook.status
    quota_status: Callable[[tuple[str, int], int], tuple[int, int, int]] = field(
        default=lambda bucket, plan_total: (plan_total, 3600, plan_total))

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

    def organization_admins_view(self, oid: int, wid: int) -> tuple[dict, dict]:
        """For ``/organizations/{oid}/workspaces/{wid}/…`` reads: 404 "Resource can
        not be found" for an unknown org or workspace, 403 "Forbidden" for a
        workspace of another org or a caller who is not an active admin of it."""
        ws = self.state.workspaces.get(wid)
        if oid not in self.state.organizations or ws is None:
            raise not_found(RESOURCE_404)
        wu = self.state.workspace_user_of(wid, self.user["id"])
        if (ws["organization_id"] != oid or wu is None or not _active(wu)
                or wu["role"] != "admin"):
            raise forbidden(FORBIDDEN)
        return ws, wu

    def organization_memberships(self, oid: int) -> list[dict]:
        """The caller's active workspace-user records in the workspaces of ``oid``."""
        return [wu for wu in self.state.organization_members(oid, self.user["id"]) if _active(wu)]


def _active(wu: dict) -> bool:
    return wu["active"] and not wu["inactive"]
