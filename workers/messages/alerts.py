"""Results of ``alerts``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from workers.messages.listing import listing, table, title

ROLE_WORDS = {"admin": "admins", "projectlead": "project leads", "teamlead": "team leads"}
FOOTER = ("`/toggl alert add project:&lt;id&gt; 80%,100% to=admins` adds one; "
          "`/toggl alert delete &lt;id&gt;` deletes one.")


def alert_list(found: list[dict[str, Any]], names: dict[int, str], workspace: dict[str, Any],
               ref: str) -> Message:
    """``alerts``: ``#<id>``, the project and ``project:<id>``, the shares of its estimate, and who is told."""
    heading = title("Project alerts", workspace, len(found), ref)
    rows = [[f"#{a.get('id')}", a.get("project_name") or f"project {a.get('project_id')}",
             f"project:{a.get('project_id')}", _thresholds(a),
             "tells " + (", ".join(_receivers(a, names)) or "nobody")]
            for a in found]
    return listing(heading, table(rows, [10, 40, 16, 40, 400]), searchable=False, footer=FOOTER,
                   empty="None. `/toggl alert add project:&lt;id&gt; 80% to=admins` creates one.")


def _receivers(alert: dict[str, Any], names: dict[int, str]) -> list[str]:
    """Who is told: roles in words (admins, project leads, team leads), then people by name."""
    told = [ROLE_WORDS.get(role, str(role)) for role in alert.get("receiver_roles") or []]
    uids = alert.get("receiver_users") or []
    given = alert.get("receiver_users_name") or []
    if len(given) == len(uids):
        return told + [name or names.get(int(uid)) or f"user {uid}" for uid, name in zip(uids, given)]
    return told + [names.get(int(uid)) or f"user {uid}" for uid in uids]


def _thresholds(alert: dict[str, Any]) -> str:
    shares = alert.get("thresholds") or ([alert["threshold"]] if alert.get("threshold") is not None else [])
    return ", ".join(f"{share}%" for share in shares) + " of the estimate" if shares else "—"
