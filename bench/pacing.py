"""2. Pacing and quota use: changes in a row through a real gunicorn and 3 rq workers, Toggl fake with
its 1 request/s limit ON, from an empty look-up cache.

Two runs, each counted in the fake's request log from just before the first
POST to /slack/events until every command has its final Slack message:

* ``12 in a row``: 12 changes (``user set <who> rate=<n>`` and ``rate set <who> <n>``,
  alternating) — the writes plus the look-ups the first one needs (SPEC §12: the
  bot's own writes keep the cache current, so the other 11 need none), counted
  apart for the organization's hourly bucket and the token's ``/me`` bucket
  (the workspace record is read with ``GET /me/workspaces``); then the same 12
  again with the cache as they left it (writes only);
* ``30 by 3 workers``: 30 such changes queued at once and worked off by 3 workers
  in parallel — zero 429s, and the time from the first POST to the start of the
  last Toggl request within 5 % of the ideal of one request per second for all
  the requests (writes and look-ups) it needed. Workers that miss the same
  look-up at once read it once (``workers/cache.py``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench import infra
from fakes.slack import SlackFake
from fakes.slack_requests import SlashCommand, post_signed
from fakes.toggl import TogglFake

ROW = 12
CHANGES = 30
WORKERS = 3
TOLERANCE = 0.05  # within 5 % of one request per second


@dataclass
class Burst:
    """One run of changes: what Toggl saw and how long it took."""

    changes: int
    finished_ok: int
    failed: list[str]
    requests: int
    me_requests: int  # in the token's own /me bucket; the rest count in the organization's
    writes: int
    lookups: list[str]
    too_many: int
    elapsed: float  # first POST → start of the last Toggl request
    to_last_result: float  # first POST → last final message seen
    min_gap: float

    @property
    def ideal(self) -> float:
        """One request per second: the first starts at once, the last after ``requests - 1`` seconds."""
        return float(max(self.requests - 1, 0))


@dataclass
class PacingResult:
    row_cold: Burst
    row_warm: Burst
    parallel: Burst


def texts(count: int, start: int) -> list[str]:
    """``count`` one-write changes of people, alternating two commands and two people."""
    return [f"user set cat@acme.test rate={start + i}" if i % 2 == 0 else f"rate set dan@acme.test {start + i}"
            for i in range(count)]


def run(redis: infra.RedisServer, db: int, toggl: TogglFake, slack: SlackFake, demo: dict,
        workdir: Path, log=print) -> PacingResult:
    """Start the bot's gunicorn and 3 rq workers on ``redis.url(db)``, run, stop them."""
    import redis as redis_lib

    env = infra.bot_env(redis.url(db), toggl.url, slack.api_url, demo["admin_token"], demo["workspace"]["id"],
                        infra.new_secret_key())
    gunicorn = infra.Gunicorn("gunicorn-pacing", env, workdir / "gunicorn-pacing.log")
    workers = [infra.RqWorker(f"rq-worker-pacing-{i}", env, workdir / f"rq-worker-pacing-{i}.log")
               for i in range(WORKERS)]
    web = f"http://127.0.0.1:{gunicorn.port}"
    conn = redis_lib.Redis.from_url(redis.url(db))
    try:
        for worker in workers:
            worker.start()
        gunicorn.start()
        infra.wait_for_workers(redis.url(db), WORKERS)

        def burst(commands: list[str], cold: bool) -> Burst:
            if cold:
                keys = list(conn.scan_iter("togglbot:cache:*"))
                if keys:
                    conn.delete(*keys)
            if toggl.requests:  # let the last request's pacing slot pass
                time.sleep(max(0.0, toggl.requests[-1].at + 1.2 - time.monotonic()))
            start_index, started = len(toggl.requests), time.monotonic()
            urls = [_send(web, slack, text) for text in commands]
            finals: dict[str, str] = {}
            deadline = time.monotonic() + len(commands) * 4 + 30
            while time.monotonic() < deadline and len(finals) < len(urls):
                for url in urls:
                    if url not in finals and (post := infra.final_post(slack, url)) is not None:
                        finals[url] = post.body.get("text", "")
                time.sleep(0.05)
            ended = time.monotonic()
            window = toggl.requests[start_index:]
            accepted = sorted(r.at for r in window if r.status != 429)
            ok = [t for t in finals.values() if t.startswith("✅")]
            failed = [t[:120] for t in finals.values() if not t.startswith("✅")]
            failed += ["(no final message)"] * (len(urls) - len(finals))
            return Burst(len(commands), len(ok), failed, len(window),
                         sum(1 for r in window if r.path == "/me" or r.path.startswith("/me/")),
                         sum(1 for r in window if r.method != "GET" and r.status < 300),
                         [f"{r.method} {r.path}" for r in window if r.method == "GET"],
                         sum(1 for r in window if r.status == 429),
                         (max(accepted) - started) if accepted else float("nan"), ended - started,
                         min((b - a for a, b in zip(accepted, accepted[1:])), default=float("nan")))

        log(f"  {ROW} changes in a row, cold cache")
        row_cold = burst(texts(ROW, 100), cold=True)
        log(f"  {ROW} changes in a row, warm cache")
        row_warm = burst(texts(ROW, 200), cold=False)
        log(f"  {CHANGES} changes by {WORKERS} workers, cold cache")
        parallel = burst(texts(CHANGES, 300), cold=True)
        return PacingResult(row_cold, row_warm, parallel)
    finally:
        conn.close()
        for worker in workers:  # SIGTERM all first: they shut down in parallel
            if worker.alive():
                worker.process.terminate()
        for process in (*workers, gunicorn):
            process.stop()


def _send(web: str, slack: SlackFake, text: str) -> str:
    url = slack.new_response_url()
    body = SlashCommand(text=text, user_id=infra.ADMIN, response_url=url).body()
    response = post_signed(web, infra.SIGNING_SECRET, body, timeout=10)
    ack = response.json().get("text", "") if response.ok else response.text
    if response.status_code != 200 or not ack.startswith("⏳"):
        raise RuntimeError(f"{text!r} was not queued: {response.status_code} {ack[:200]}")
    return url
