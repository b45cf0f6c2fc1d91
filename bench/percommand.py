"""3. Toggl requests per command, cold and warm cache, counted in the fake's request log.

Every queued command of the catalogue (``bot/catalogue.py``) is sent as a signed slash command
to the app (in-process Flask, same code as the web process), runs in a real
``rq worker`` (Procfile line) against the Toggl fake (rate limit ON), and is counted
as the requests the fake recorded between sending it and its final Slack message.
``TOGGLBOT_APPROVAL_REQUIRED`` is empty, so nothing waits for approval;
``TOGGL_WORKSPACE_ID`` is set, ``TOGGL_ORGANIZATION_ID`` is not (the README's defaults).

* cold: every ``togglbot:cache:*`` key deleted before the command;
* warm: the cache restored, before the command, to a snapshot taken after priming
  every look-up with the bot's own ``workers.lookups`` (workspace, workspace users,
  groups, clients, the project by name and by id, its project users) — the state of
  a bot that served other commands in the last 10 minutes;
* again (a few changes only): the same kind of change once more right after the warm
  run, cache left as that run left it — a change drops the look-ups it made stale.

Cold and warm runs of a change use different targets where the first run would
make the second a no-op (removing, archiving, deleting).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import redis as redis_lib

from bench import infra
from fakes.slack import SlackFake
from fakes.slack_requests import SlashCommand, post_signed
from fakes.toggl import TogglFake

CACHE_PREFIX = "togglbot:cache:"
EXTRA_PEOPLE = 32
BULK_SIZES = (1, 3, 10)


@dataclass
class Run:
    count: int
    calls: list[str]
    ok: bool
    outcome: str
    too_many: int


@dataclass
class Row:
    label: str
    command: str  # catalogue name
    cold: Run
    warm: Run
    bulk_k: Optional[int] = None
    again: Optional[Run] = None


@dataclass
class PerCommandResult:
    rows: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # catalogue commands not measured
    priming_requests: int = 0
    seconds: float = 0.0


def _shape(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


def seed_extra(toggl: TogglFake, demo: dict) -> dict:
    """People to deactivate/remove, reminders to delete (the demo has too few)."""
    wid = demo["workspace"]["id"]
    people = []
    for i in range(1, EXTRA_PEOPLE + 1):
        user = toggl.add_user(email=f"p{i:02d}@acme.test", fullname=f"Person {i:02d}",
                              default_workspace_id=wid)
        toggl.add_workspace_user(wid, user["id"], role="user")
        people.append(f"p{i:02d}@acme.test")
    dan = demo["users"][3]["id"]
    reminders = [toggl.add_reminder(wid, threshold=t, frequency=1, user_ids=[dan]) for t in (3, 4)]
    return {"people": people, "reminders": [r.get("reminder_id") or r.get("id") for r in reminders]}


def plan(demo: dict, extra: dict) -> tuple[list[tuple[str, str, str, str, Optional[str]]], dict[str, str]]:
    """Rows (label, catalogue name, cold text, warm text, user — None = admin) and
    {label: text} of the changes also run "again"."""
    globex, initech, umbrella = (c["id"] for c in demo["clients"])
    task = demo["tasks"][0]["id"]
    reminder = demo["reminders"][0].get("reminder_id") or demo["reminders"][0].get("id")
    people = iter(extra["people"])
    del_cold, del_warm = extra["reminders"]
    member = infra.MEMBER
    rows = [
        ("connect <token>", "connect", "connect tok-cat-demo", "connect tok-cat-demo", member),
        ("me", "me", "me", "me", member),
        ("profile set timezone=…", "profile.set", "profile set timezone=Europe/Tallinn",
         "profile set timezone=Europe/Tallinn", member),
        ("users", "users", "users", "users", None),
        ("user show <who>", "user.show", "user show dan@acme.test", "user show dan@acme.test", None),
        ("user set <who> rate=…", "user.set", "user set cat@acme.test rate=50",
         "user set cat@acme.test rate=51", None),
    ]
    deact = [next(people), next(people)]
    rows += [
        ("user deactivate <who>", "user.deactivate", f"user deactivate {deact[0]}",
         f"user deactivate {deact[1]}", None),
        ("user reactivate <who>", "user.reactivate", f"user reactivate {deact[0]}",
         f"user reactivate {deact[1]}", None),
    ]
    for k in BULK_SIZES:
        cold = " ".join(next(people) for _ in range(k))
        warm = " ".join(next(people) for _ in range(k))
        rows.append((f"user remove (k={k})", "user.remove", f"user remove {cold}",
                     f"user remove {warm}", None))
    rows += [
        ("rate set workspace <n>", "rate.set", "rate set workspace 55", "rate set workspace 56", None),
        ("rate set <who> <n>", "rate.set", "rate set cat@acme.test 70", "rate set cat@acme.test 71", None),
        ("rate set project:\"…\" <n>", "rate.set", 'rate set project:"Mobile App" 95',
         'rate set project:"Mobile App" 96', None),
        ("rate set project:\"…\" <who> <n>", "rate.set", 'rate set project:"Mobile App" cat@acme.test 72',
         'rate set project:"Mobile App" cat@acme.test 73', None),
        ("rate set task:<id> <n>", "rate.set", f"rate set task:{task} 120", f"rate set task:{task} 121", None),
        ("rate show <who>", "rate.show", "rate show cat@acme.test", "rate show cat@acme.test", None),
        ("reminders", "reminders", "reminders", "reminders", None),
        ("reminder add 6h daily <who>", "reminder.add", "reminder add 6h daily dan@acme.test",
         "reminder add 7h daily dan@acme.test", None),
        ("reminder update <id> 7h weekly", "reminder.update", f"reminder update {reminder} 7h weekly",
         f"reminder update {reminder} 6h daily", None),
        ("reminder delete <id>", "reminder.delete", f"reminder delete {del_cold}",
         f"reminder delete {del_warm}", None),
        ("clients", "clients", "clients", "clients", None),
        ("client rename <id> <name>", "client.rename", f'client rename {globex} "Globex Corp"',
         f'client rename {initech} "Initech Inc"', None),
        ("client notes <id> <text>", "client.notes", f'client notes {globex} "cold notes"',
         f'client notes {globex} "warm notes"', None),
        ("client archive <id>", "client.archive", f"client archive {globex}",
         f"client archive {initech}", None),
        ("client restore <id>", "client.restore", f"client restore {globex}",
         f"client restore {umbrella}", None),
        ("workspace", "workspace", "workspace", "workspace", None),
        ("workspace set rounding=…", "workspace.set", "workspace set rounding=up rounding_minutes=15",
         "workspace set rounding=down rounding_minutes=15", None),
    ]
    again = {
        "user set <who> rate=…": "user set dan@acme.test rate=52",
        "rate set workspace <n>": "rate set workspace 57",
        "client notes <id> <text>": f'client notes {globex} "again"',
    }
    return rows, again



def run(redis: infra.RedisServer, db: int, toggl: TogglFake, slack: SlackFake, demo: dict,
        workdir: Path, log=print) -> PerCommandResult:
    from app import create_app
    from bot.catalogue import CATALOGUE
    from bot.settings import Settings
    from workers import lookups
    from workers.services import Services

    started = time.monotonic()
    result = PerCommandResult()
    extra = seed_extra(toggl, demo)
    wid = demo["workspace"]["id"]
    env = infra.bot_env(redis.url(db), toggl.url, slack.api_url, demo["admin_token"], wid,
                        infra.new_secret_key())
    settings = Settings.from_env(env)
    conn = redis_lib.Redis.from_url(redis.url(db))
    worker = infra.RqWorker("rq-worker-percommand", env, workdir / "rq-worker-percommand.log")
    try:
        worker.start()
        http = create_app(settings).test_client()
        infra.wait_for_workers(redis.url(db), 1)

        # Prime every look-up once and keep the result as the "warm" cache.
        before = len(toggl.requests)
        svc = Services(settings, conn)
        lookups.workspace(svc, wid)
        lookups.workspace_users(svc, wid)
        lookups.groups(svc, wid)
        lookups.clients(svc, wid)
        project = lookups.find_project(svc, wid, {"name": "Mobile App"})
        lookups.find_project(svc, wid, {"id": int(project["id"])})
        [cat] = lookups.find_people(svc, wid, [{"email": "cat@acme.test"}])
        lookups.find_project_user(svc, wid, project, cat)
        snapshot = {key: conn.get(key) for key in conn.scan_iter(CACHE_PREFIX + "*")}
        result.priming_requests = len(toggl.requests) - before

        def set_cache(warm: bool) -> None:
            keys = list(conn.scan_iter(CACHE_PREFIX + "*"))
            with conn.pipeline() as pipe:
                if keys:
                    pipe.delete(*keys)
                if warm:
                    for key, value in snapshot.items():
                        pipe.set(key, value, ex=600)
                pipe.execute()

        def one(text: str, user: Optional[str], warm: Optional[bool]) -> Run:
            if warm is not None:  # None: leave the cache as the previous command left it
                set_cache(warm)
            index = len(toggl.requests)
            url = slack.new_response_url()
            body = SlashCommand(text=text, user_id=user or infra.ADMIN, response_url=url).body()
            response = post_signed(http, infra.SIGNING_SECRET, body)
            ack = (response.get_json(silent=True) or {}).get("text", response.get_data(as_text=True))
            if not ack.startswith("⏳"):
                return Run(0, [], False, f"not queued: {ack[:100]}", 0)
            try:
                post = slack.wait_for(lambda: infra.final_post(slack, url), timeout=45)
                outcome = post.body.get("text", "")
            except (AssertionError, TimeoutError) as error:
                outcome = f"no final message ({error.__class__.__name__})"
            calls = toggl.requests[index:]
            return Run(len(calls), [f"{r.method} {_shape(r.path)}" + (f" → {r.status}" if r.status >= 300 else "")
                                    for r in calls],
                       not outcome.startswith(("❌", "no final", "not queued")), outcome.splitlines()[0][:120]
                       if outcome else "", sum(1 for r in calls if r.status == 429))

        bulk = {f"user remove (k={k})": k for k in BULK_SIZES}
        rows, again = plan(demo, extra)
        for label, name, cold_text, warm_text, user in rows:
            cold = one(cold_text, user, warm=False)
            warm = one(warm_text, user, warm=True)
            repeat = one(again[label], user, warm=None) if label in again else None
            row = Row(label, name, cold, warm, bulk.get(label), repeat)
            result.rows.append(row)
            bad = [r.outcome for r in (cold, warm, repeat) if r is not None and not r.ok]
            log(f"  {label:34} cold {cold.count}  warm {warm.count}"
                + (f"  again {repeat.count}" if repeat else "") + (f"   !! {bad[0]}" if bad else ""))
        queued = {name for name, spec in CATALOGUE.items() if spec.queued}
        result.missing = sorted(queued - {row.command for row in result.rows})
        result.seconds = time.monotonic() - started
        return result
    finally:
        worker.stop()
        conn.close()
