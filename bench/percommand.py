"""3. Toggl requests per command, cold and warm cache, counted in the fake's request log.

Every queued command of the catalogue (``bot/catalogue.py``), and ``preview`` and
``undo`` of a change, is sent as a signed slash command to the app (in-process
Flask, same code as the web process), runs in a real ``rq worker`` (Procfile line)
against the Toggl fake (rate limit ON), and is counted as the requests the fake
recorded between sending it and its final Slack message.
``TOGGLBOT_APPROVAL_REQUIRED`` is empty, so nothing waits for approval;
``TOGGL_WORKSPACE_ID`` is set, ``TOGGL_ORGANIZATION_ID`` is not (the README's defaults).

* cold: every ``togglbot:cache:*`` key deleted before the command;
* warm: the same kind of command right after, with the cache as the cold one left
  it (a change writes its effect through to the cached records, SPEC §12).

Cold and warm runs of a change use different values or targets, so that neither is
a no-op. A row may first run an uncounted set-up command (the change an ``undo``
reverses); ``{ref}`` in its text is that command's ref.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import redis as redis_lib
from werkzeug.serving import make_server

from bench import infra
from fakes.slack import SlackFake
from fakes.slack_requests import SlashCommand, post_signed
from fakes.toggl import TogglFake
from fakes.toggl_webhooks import TogglWebhooksFake

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

    @property
    def changes(self) -> bool:
        """A change (one Toggl write when warm)."""
        from bot.catalogue import CATALOGUE

        return CATALOGUE[self.command].change


@dataclass
class PerCommandResult:
    rows: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # catalogue commands not measured
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


Plan = tuple[str, str, str, str, Optional[str], tuple[str, str]]


def plan(demo: dict, extra: dict) -> list[Plan]:
    """Rows: label, catalogue name, cold text, warm text, user (None = admin), and the set-up
    commands run (uncounted) before the cold and the warm one."""
    globex, initech, umbrella = (c["id"] for c in demo["clients"])
    task = demo["tasks"][0]["id"]
    project = demo["projects"][0]["id"]
    reminder = demo["reminders"][0].get("reminder_id") or demo["reminders"][0].get("id")
    people = iter(extra["people"])
    del_cold, del_warm = extra["reminders"]
    member = infra.MEMBER
    none = ("", "")
    rows: list[Plan] = [
        ("connect <token>", "connect", "connect tok-cat-demo", "connect tok-cat-demo", member, none),
        ("me", "me", "me", "me", member, none),
        ("profile set timezone=…", "profile.set", "profile set timezone=Europe/Riga",
         "profile set timezone=Europe/Tallinn", member, none),
        ("quota", "quota", "quota", "quota", None, none),
        ("users", "users", "users", "users", None, none),
        ("user show <who>", "user.show", "user show dan@acme.test", "user show dan@acme.test", None, none),
        ("user set <who> rate=…", "user.set", "user set cat@acme.test rate=50",
         "user set cat@acme.test rate=51", None, none),
        ("user set <who> role=…", "user.set", "user set dan@acme.test role=projectlead",
         "user set dan@acme.test role=user", None, none),
    ]
    deact = [next(people), next(people)]
    rows += [
        ("user deactivate <who>", "user.deactivate", f"user deactivate {deact[0]}",
         f"user deactivate {deact[1]}", None, none),
        ("user reactivate <who>", "user.reactivate", f"user reactivate {deact[0]}",
         f"user reactivate {deact[1]}", None, none),
    ]
    for k in BULK_SIZES:
        cold = " ".join(next(people) for _ in range(k))
        warm = " ".join(next(people) for _ in range(k))
        rows.append((f"user remove (k={k})", "user.remove", f"user remove {cold}", f"user remove {warm}", None,
                     none))
    rows += [
        ("rate set workspace <n>", "rate.set", "rate set workspace 55", "rate set workspace 56", None, none),
        ("rate set workspace <n> labor", "rate.set", "rate set workspace 20 labor", "rate set workspace 21 labor",
         None, none),
        ("rate set <who> <n>", "rate.set", "rate set cat@acme.test 70", "rate set cat@acme.test 71", None, none),
        ("rate set <who> <n> labor", "rate.set", "rate set cat@acme.test 31 labor",
         "rate set cat@acme.test 32 labor", None, none),
        ("rate set project:\"…\" <n>", "rate.set", 'rate set project:"Mobile App" 95',
         'rate set project:"Mobile App" 96', None, none),
        ("rate set project:\"…\" <who> <n>", "rate.set", 'rate set project:"Mobile App" cat@acme.test 72',
         'rate set project:"Mobile App" cat@acme.test 73', None, none),
        ("rate set task:<id> <n>", "rate.set", f"rate set task:{task} 120", f"rate set task:{task} 121", None, none),
        ("rate show <who>", "rate.show", "rate show cat@acme.test", "rate show cat@acme.test", None, none),
        ("reminders", "reminders", "reminders", "reminders", None, none),
        ("reminder add 6h daily <who>", "reminder.add", "reminder add 6h daily dan@acme.test",
         "reminder add 7h daily dan@acme.test", None, none),
        ("reminder update <id> 7h weekly", "reminder.update", f"reminder update {reminder} 7h weekly",
         f"reminder update {reminder} 6h daily", None, none),
        ("reminder delete <id>", "reminder.delete", f"reminder delete {del_cold}",
         f"reminder delete {del_warm}", None, none),
        ("clients", "clients", "clients", "clients", None, none),
        ("client rename <id> <name>", "client.rename", f'client rename {globex} "Globex Corp"',
         f'client rename {initech} "Initech Inc"', None, none),
        ("client notes <id> <text>", "client.notes", f'client notes {globex} "cold notes"',
         f'client notes {globex} "warm notes"', None, none),
        ("client archive <id>", "client.archive", f"client archive {globex}", f"client archive {initech}", None,
         none),
        ("client restore <id>", "client.restore", f"client restore {globex}", f"client restore {umbrella}", None,
         none),
        ("client restore <id> projects=all", "client.restore", f"client restore {initech} projects=all",
         f"client restore {globex} projects=all", None, (f"client archive {initech}", f"client archive {globex}")),
        ("projects", "projects", "projects", "projects", None, none),
        ("groups", "groups", "groups", "groups", None, none),
        ("members", "members", "members", "members pending", None, none),
        ("constraints", "constraints", "constraints", "constraints", None, none),
        ("alerts", "alerts", "alerts", "alerts", None, none),
        ("alert add project:<id> <pct>%", "alert.add", f"alert add project:{project} 80%",
         f"alert add project:{project} 90%,100% to=admins,cat@acme.test", None, none),
        ("alert delete <id>", "alert.delete", "alert delete {alert}", "alert delete {alert}", None,
         (f"alert add project:{project} 70%", f"alert add project:{project} 75%")),
        ("watch <entity>", "watch", "watch workspace_user", "watch project.created", None, none),
        ("watches", "watches", "watches", "watches", None, none),
        ("unwatch <id>", "unwatch", "unwatch {subscription}", "unwatch {subscription}", None,
         ("watch client", "watch task")),
        ("workspace create <name>", "workspace.create", 'workspace create "Bench Cold"',
         'workspace create "Bench Warm" currency=EUR', None, none),
        ("workspace", "workspace", "workspace", "workspace", None, none),
        ("workspace set rounding=…", "workspace.set", "workspace set rounding=up rounding_minutes=15",
         "workspace set rounding=down rounding_minutes=30", None, none),
        ("preview user set <who> rate=…", "preview", "preview user set cat@acme.test rate=90",
         "preview user set dan@acme.test rate=91", None, none),
        ("undo <ref> (of a user set)", "undo", "undo {ref}", "undo {ref}", None,
         ("user set cat@acme.test rate=66", "user set cat@acme.test rate=67")),
    ]
    return rows


def run(redis: infra.RedisServer, db: int, toggl: TogglFake, slack: SlackFake, demo: dict,
        workdir: Path, log=print) -> PerCommandResult:
    from app import create_app
    from bot.catalogue import CATALOGUE
    from bot.settings import Settings

    started = time.monotonic()
    result = PerCommandResult()
    extra = seed_extra(toggl, demo)
    wid = demo["workspace"]["id"]
    hooks = TogglWebhooksFake(toggl).start()  # Toggl's webhooks API, for watch / watches / unwatch
    late = _LateApp()
    server = make_server("127.0.0.1", 0, late, threaded=True)  # where the fake Toggl sends its pings
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = infra.bot_env(redis.url(db), toggl.url, slack.api_url, demo["admin_token"], wid,
                        infra.new_secret_key(), TOGGL_WEBHOOKS_API_URL=hooks.url,
                        TOGGLBOT_PUBLIC_URL=f"http://127.0.0.1:{server.server_port}")
    settings = Settings.from_env(env)
    conn = redis_lib.Redis.from_url(redis.url(db))
    worker = infra.RqWorker("rq-worker-percommand", env, workdir / "rq-worker-percommand.log")
    try:
        worker.start()
        late.app = create_app(settings)
        http = late.app.test_client()
        infra.wait_for_workers(redis.url(db), 1)

        def clear_cache() -> None:
            keys = list(conn.scan_iter(CACHE_PREFIX + "*"))
            if keys:
                conn.delete(*keys)

        last_ref = {"ref": ""}  # and "alert": the id of the last alert added

        def one(text: str, user: Optional[str]) -> Run:
            index, hooks_index = len(toggl.requests), len(hooks.requests)
            url = slack.new_response_url()
            text = (text.replace("{ref}", last_ref["ref"]).replace("{alert}", last_ref.get("alert", "0"))
                    .replace("{subscription}", last_ref.get("subscription", "0")))
            body = SlashCommand(text=text, user_id=user or infra.ADMIN, response_url=url).body()
            response = post_signed(http, infra.SIGNING_SECRET, body)
            ack = (response.get_json(silent=True) or {}).get("text", response.get_data(as_text=True))
            if not ack.startswith("⏳"):
                return Run(0, [], False, f"not queued: {ack[:100]}", 0)
            last_ref["ref"] = (re.search(r"ref ([a-z2-7]{6})", ack) or re.search("()", "")).group(1)
            try:
                post = slack.wait_for(lambda: infra.final_post(slack, url), timeout=45)
                outcome = post.body.get("text", "")
            except (AssertionError, TimeoutError) as error:
                outcome = f"no final message ({error.__class__.__name__})"
            if created := re.search(r"^✅ Added an alert .*? #(\d+)", outcome):
                last_ref["alert"] = created.group(1)
            if created := re.search(r"^✅ Started Toggl notification #(\d+)", outcome):
                last_ref["subscription"] = created.group(1)
            calls = toggl.requests[index:] + hooks.requests[hooks_index:]  # the v9 API and the webhooks API
            return Run(len(calls), [f"{r.method} {_shape(r.path)}" + (f" → {r.status}" if r.status >= 300 else "")
                                    for r in calls],
                       not outcome.startswith(("❌", "no final", "not queued")), outcome.splitlines()[0][:120]
                       if outcome else "", sum(1 for r in calls if r.status == 429))

        bulk = {f"user remove (k={k})": k for k in BULK_SIZES}
        for label, name, cold_text, warm_text, user, (setup_cold, setup_warm) in plan(demo, extra):
            clear_cache()
            if setup_cold:
                one(setup_cold, None)
                clear_cache()
            cold = one(cold_text, user)
            if setup_warm:
                one(setup_warm, None)
            warm = one(warm_text, user)
            row = Row(label, name, cold, warm, bulk.get(label))
            result.rows.append(row)
            bad = [r.outcome for r in (cold, warm) if not r.ok]
            log(f"  {label:34} cold {cold.count}  warm {warm.count}" + (f"   !! {bad[0]}" if bad else ""))
        queued = {name for name, spec in CATALOGUE.items() if spec.queued}
        result.missing = sorted(queued - {row.command for row in result.rows})
        result.seconds = time.monotonic() - started
        return result
    finally:
        worker.stop()
        conn.close()
        server.shutdown()
        hooks.stop()


class _LateApp:
    """The web app, served over HTTP once its address (the bot's public URL) is in its settings."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)
