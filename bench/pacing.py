"""2. Pacing: 30 one-request changes, 3 rq workers, Toggl fake with its 1 request/s limit ON.

The command is ``rate set task:<id> <n>``: with ``TOGGL_WORKSPACE_ID`` set and the
workspace look-up cached, it costs exactly one Toggl request (``POST …/rates``).
(``rate set workspace <n>`` costs two even when warm — see the per-command table —
because it drops the workspace cache it then re-reads for the currency.)

Counting: a warm-up command first fills the cache (its requests are excluded: the
window starts after it finished, and at least 1.2 s after its last request so that
its pacing slot has passed). Then 30 signed slash commands are posted to the real
gunicorn as fast as it answers. Reported: the 429s the fake answered in the window,
the number of Toggl requests in the window, and the time from just before the first
POST to /slack/events to the start of the last successful ``POST …/rates`` seen by
the fake (same monotonic clock: the fake runs in this process).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench import infra
from fakes.slack import SlackFake
from fakes.slack_requests import SlashCommand, post_signed
from fakes.toggl import TogglFake

CHANGES = 30
WORKERS = 3
IDEAL = 30.0  # seconds for 30 requests at 1/s (29 intervals + the first one's second)


@dataclass
class PacingResult:
    changes: int
    finished_ok: int
    failed: list[str]
    requests_in_window: int
    writes: int
    too_many: int
    too_many_total: int
    elapsed: float
    min_gap: float
    warmup_requests: int



def run(redis: infra.RedisServer, db: int, toggl: TogglFake, slack: SlackFake, demo: dict,
        workdir: Path, log=print) -> PacingResult:
    """Start the bot's gunicorn and 3 rq workers on ``redis.url(db)``, run, stop them."""
    wid = demo["workspace"]["id"]
    task_id = demo["tasks"][0]["id"]
    env = infra.bot_env(redis.url(db), toggl.url, slack.api_url, demo["admin_token"], wid,
                        infra.new_secret_key())
    gunicorn = infra.Gunicorn("gunicorn-pacing", env, workdir / "gunicorn-pacing.log")
    workers = [infra.RqWorker(f"rq-worker-pacing-{i}", env, workdir / f"rq-worker-pacing-{i}.log")
               for i in range(WORKERS)]
    web = f"http://127.0.0.1:{gunicorn.port}"
    try:
        for worker in workers:
            worker.start()
        gunicorn.start()
        infra.wait_for_workers(redis.url(db), WORKERS)

        def send(text: str) -> str:
            url = slack.new_response_url()
            body = SlashCommand(text=text, user_id=infra.ADMIN, response_url=url).body()
            response = post_signed(web, infra.SIGNING_SECRET, body, timeout=10)
            ack = response.json().get("text", "") if response.ok else response.text
            if response.status_code != 200 or not ack.startswith("⏳"):
                raise RuntimeError(f"{text!r} was not queued: {response.status_code} {ack[:200]}")
            return url

        # Warm-up: the workspace look-up gets cached; the worker processes have run a job.
        before = len(toggl.requests)
        warm = send(f"rate set task:{task_id} 100")
        post = slack.wait_for(lambda: infra.final_post(slack, warm), timeout=30)
        if not post.body.get("text", "").startswith("✅"):
            raise RuntimeError(f"warm-up failed: {post.body.get('text')}")
        warmup_requests = len(toggl.requests) - before
        last = toggl.requests[-1].at
        time.sleep(max(0.0, last + 1.2 - time.monotonic()))

        start_index = len(toggl.requests)
        started = time.monotonic()
        urls = [send(f"rate set task:{task_id} {101 + i}") for i in range(CHANGES)]
        log(f"  {CHANGES} commands queued in {time.monotonic() - started:.2f}s; waiting for the workers")
        deadline = time.monotonic() + IDEAL * 3
        finals = {}
        while time.monotonic() < deadline and len(finals) < CHANGES:
            for url in urls:
                if url not in finals and (post := infra.final_post(slack, url)) is not None:
                    finals[url] = post.body.get("text", "")
            time.sleep(0.1)
        window = toggl.requests[start_index:]
        writes = [r for r in window if r.method == "POST" and r.path.endswith("/rates")
                  and r.status < 300]
        ok = [t for t in finals.values() if t.startswith("✅")]
        failed = [t[:120] for t in finals.values() if not t.startswith("✅")]
        failed += ["(no final message)"] * (CHANGES - len(finals))
        elapsed = (max(r.at for r in writes) - started) if writes else float("nan")
        accepted = sorted(r.at for r in window if r.status != 429)
        gaps = [b - a for a, b in zip(accepted, accepted[1:])]
        return PacingResult(CHANGES, len(ok), failed, len(window), len(writes),
                            sum(1 for r in window if r.status == 429),
                            sum(1 for r in toggl.requests if r.status == 429),
                            elapsed, min(gaps) if gaps else float("nan"), warmup_requests)
    finally:
        for worker in workers:  # SIGTERM all first: they shut down in parallel
            if worker.alive():
                worker.process.terminate()
        for process in (*workers, gunicorn):
            process.stop()
