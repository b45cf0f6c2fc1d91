"""The ready-made demo data set used by tests, the sandbox mode and benchmarks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .fake import TogglFake

DEMO_PEOPLE = (
    # email, full name, token, role, rate, labor cost, inactive
    ("ann@acme.test", "Ann Admin", "tok-ann-demo", "admin", 60, 35, False),
    ("bob@acme.test", "Bob Boss", "tok-bob-demo", "admin", None, None, False),
    ("cat@acme.test", "Cat Coder", "tok-cat-demo", "user", 45, 30, False),
    ("dan@acme.test", "Dan Designer", "tok-dan-demo", "user", None, None, False),
    ("eve@acme.test", "Eve Former", "tok-eve-demo", "user", None, None, True),
)


def seed_demo(fake: "TogglFake") -> dict[str, Any]:
    """Seed 1 org, 1 Starter workspace (EUR), 5 people, 2 groups, 3 clients,
    3 projects, 2 tasks, 1 reminder; return every record created.

    Keys: org, workspace, users (global), workspace_users (same order),
    tokens ({email: token}), groups, clients, projects, tasks, reminders,
    project_users.
    """
    org = fake.add_organization(name="Acme")
    ws = fake.add_workspace(org["id"], name="Acme HQ", plan="starter", currency="EUR",
                            default_hourly_rate=50)
    wid = ws["id"]
    users, members = [], []
    for email, name, token, role, rate, labor, inactive in DEMO_PEOPLE:
        user = fake.add_user(email=email, fullname=name, token=token,
                             default_workspace_id=wid, timezone="Europe/Tallinn")
        users.append(user)
        members.append(fake.add_workspace_user(
            wid, user["id"], role=role, rate=rate, labor_cost=labor,
            working_hours_in_minutes=480 if not inactive else None, inactive=inactive))
    ann, bob, cat, dan, _eve = users
    groups = [fake.add_group(wid, "Designers", [dan["id"]]),
              fake.add_group(wid, "Developers", [cat["id"], bob["id"]])]
    clients = [fake.add_client(wid, "Globex"), fake.add_client(wid, "Initech"),
               fake.add_client(wid, "Umbrella", notes="former client", archived=True)]
    projects = [fake.add_project(wid, "Website", client_id=clients[0]["id"]),
                fake.add_project(wid, "Mobile App", client_id=clients[1]["id"]),
                fake.add_project(wid, "Internal")]
    tasks = [fake.add_task(wid, projects[0]["id"], "Design"),
             fake.add_task(wid, projects[1]["id"], "Backend")]
    project_users = [fake.add_project_user(projects[0]["id"], dan["id"]),
                     fake.add_project_user(projects[1]["id"], cat["id"], rate=55)]
    reminders = [fake.add_reminder(wid, threshold=8, frequency=1, user_ids=[dan["id"]],
                                   group_ids=[groups[1]["id"]])]
    with fake.state.lock:
        users = [dict(fake.state.users[u["id"]]) for u in users]
        members = [dict(fake.state.workspace_users[m["id"]]) for m in members]
    return {
        "org": org, "workspace": ws, "users": users, "workspace_users": members,
        "tokens": {u["email"]: u["api_token"] for u in users},
        "groups": groups, "clients": clients, "projects": projects, "tasks": tasks,
        "reminders": reminders, "project_users": project_users,
        "admin_token": ann["api_token"], "user_token": cat["api_token"],
    }
