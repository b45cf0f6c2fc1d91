"""Results of ``projects``."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message
from workers.messages.listing import listing, table, title

FOOTER = ("Name a project by its id in other commands: `/toggl rate set project:&lt;id&gt; 95`, "
          "`/toggl alert add project:&lt;id&gt; 80%`.")


def project_list(found: list[dict[str, Any]], client_names: dict[int, str], workspace: dict[str, Any], ref: str,
                 *, search: str = "", archived: bool = False) -> Message:
    """``projects``: name, client (``—`` for none), status and ``project:<id>``, aligned."""
    heading = title("Archived projects" if archived else "Projects", workspace, len(found), ref, search)
    rows = [[p.get("name") or "", _client(p, client_names), "active" if p.get("active", True) else "archived",
             f"project:{p['id']}"]
            for p in sorted(found, key=lambda p: ((p.get("name") or "").lower(), int(p["id"])))]
    return listing(heading, table(rows, [40, 30, 8, 16]), empty="None.", footer=FOOTER if found else "")


def _client(project: dict[str, Any], client_names: dict[int, str]) -> str:
    client_id = project.get("client_id")
    if not client_id:
        return "—"
    return client_names.get(int(client_id)) or f"client {client_id}"
