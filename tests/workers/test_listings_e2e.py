"""``projects``, ``groups``, ``members``, ``constraints`` and ``alerts`` end to end: a signed slash command, a
real worker, the Toggl request it makes and the message Slack gets (filters: ``test_listings.py``)."""
from __future__ import annotations

import pytest

from tests.support import wid, writes
from tests.workers.test_listings import add_alert

READS = [
    ("projects web", "/workspaces/9001/projects", {"per_page": "200", "page": "1", "active": "both"},
     ["*Projects of Acme HQ* matching “web” — 1", "Website  Globex  active  project:4001"], ["Mobile App"]),
    ("projects archived", "/workspaces/9001/projects", {"per_page": "200", "page": "1", "active": "both"},
     ["*Archived projects of Acme HQ* — 1", "Old Site  —  archived  project:"], ["Website"]),
    ("groups", "/organizations/7001/groups", {"workspace": "9001"},
     ["*Groups of Acme HQ* — 2", "Developers  group:6002  2 members  Bob Boss, Cat Coder"], []),
    ("members", "/organizations/7001/workspaces/9001/workspace_users", {"per_page": "200", "page": "1"},
     ["*Members of Acme HQ* — 6", "Ivy Invited", "invited", "Ann Admin"], []),
    ("members pending", "/organizations/7001/workspaces/9001/workspace_users", {"per_page": "200", "page": "1"},
     ["*Invited members of Acme HQ* — 1", "Ivy Invited"], ["Ann Admin"]),
    ("members custom-rates", "/organizations/7001/workspaces/9001/workspace_users",
     {"per_page": "200", "page": "1", "custom_rates": "true"},
     ["*Members with their own rates of Acme HQ* — 2", "rate 45.00 EUR", "labor cost 30.00 EUR"], ["Bob Boss"]),
    ("constraints", "/workspaces/9001/time_entry_constraints", {},
     ["*Time entry constraints of Acme HQ*", "Every time entry must have: a project, a task."], []),
    ("alerts", "/workspaces/9001/alerts", {},
     ["*Project alerts of Acme HQ* — 1", "Website  project:4001  80%, 100% of the estimate  tells admins, "
      "Cat Coder"], []),
]


@pytest.fixture
def seeded(toggl) -> None:
    """An archived project, an invited member, constraints on, one alert."""
    toggl.add_project(wid(toggl), "Old Site", active=False)
    ivy = toggl.add_user("ivy@acme.test", "Ivy Invited")
    toggl.add_workspace_user(wid(toggl), ivy["id"], active=False)
    toggl.set_constraints(wid(toggl), time_entry_constraints_enabled=True, project_present=True, task_present=True)
    add_alert(toggl, 4001, [80, 100], ["admin"], [toggl.demo["users"][2]["id"]])


@pytest.mark.parametrize("text, path, query, present, absent", READS, ids=[row[0] for row in READS])
def test_a_list_reads_its_endpoint_and_answers_only_the_requester(bot, worker, toggl, seeded, text, path, query,
                                                                  present, absent) -> None:
    sent = bot.command(text)
    result = bot.result(sent)
    assert ("GET", path, query) in [(r.method, r.path, r.query) for r in toggl.requests]
    assert writes(toggl) == []
    assert result["response_type"] == "ephemeral" and f"ref {sent.ref}" in result["text"]
    blocks = "\n".join(b["text"]["text"] for b in result["blocks"] if b.get("text"))
    assert all(fragment in blocks for fragment in present), blocks
    assert not any(fragment in blocks for fragment in absent), blocks
