"""1. Ack latency of an enqueuing command vs a trivial route; 4. peak RSS under that load."""
from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from bench import infra
from bench.load import LoadResult, run_load
from fakes.slack import SlackFake
from fakes.slack_requests import SlashCommand, new_trigger_id, signed_headers

CONCURRENCY = 20
WARMUP = 200      # per target, not measured
MEASURED = 1200   # per target
ROUNDS = 2        # measured requests are split in rounds, alternating targets
SINGLE = 200      # per target, one client: the unloaded service time
COMMAND = "rate set workspace 55"


@dataclass
class Memory:
    """Peak RSS (VmHWM, kB) per process, sampled while the load runs."""

    web_workers: dict[int, int] = field(default_factory=dict)
    web_master: int = 0
    rq_main: int = 0
    horses: dict[int, int] = field(default_factory=dict)
    others: dict[int, int] = field(default_factory=dict)  # the RQ scheduler child


class MemorySampler(threading.Thread):
    """Reads /proc/<pid>/status VmHWM of gunicorn's workers and of the RQ worker and
    its children every 50 ms (work horses live only as long as one job). A child that
    leads its own process group is a work horse (RQ calls setpgrp() in it); the other
    child is the scheduler (a multiprocessing fork, started by ``--with-scheduler``)."""

    def __init__(self, web_master: int, rq_main: int, interval: float = 0.05):
        super().__init__(daemon=True, name="memory-sampler")
        self.web_master_pid, self.rq_main_pid = web_master, rq_main
        self.memory = Memory()
        self.interval = interval
        self._stop_event = threading.Event()

    def sample(self) -> None:
        m = self.memory
        m.web_master = max(m.web_master, infra.status_kb(self.web_master_pid, "VmHWM") or 0)
        for pid in infra.children(self.web_master_pid):
            m.web_workers[pid] = max(m.web_workers.get(pid, 0), infra.status_kb(pid, "VmHWM") or 0)
        m.rq_main = max(m.rq_main, infra.status_kb(self.rq_main_pid, "VmHWM") or 0)
        for pid in infra.children(self.rq_main_pid):
            book = m.horses if infra.own_process_group(pid) else m.others  # horses setpgrp()
            book[pid] = max(book.get(pid, 0), infra.status_kb(pid, "VmHWM") or 0)

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> Memory:
        self._stop_event.set()
        self.join(timeout=5)
        self.sample()
        for pid in self.memory.horses:  # seen in the instant between fork and setpgrp
            self.memory.others.pop(pid, None)
        return self.memory


@dataclass
class LatencyResult:
    ours: LoadResult
    trivial: LoadResult
    memory: Memory
    jobs_queued: int
    jobs_done: int
    foreign_cpu: float  # share of the machine's CPUs used by processes not ours
    load_before: str
    ours_single: LoadResult
    trivial_single: LoadResult
    redis_per_ack: tuple[float, float]  # commands, MULTI blocks (1-client run; includes the
    # few commands the rq worker sent meanwhile)
    webhooks: Optional[LoadResult] = None  # signed Toggl events to /toggl/webhooks, CONCURRENCY clients


WEBHOOK_SUBSCRIPTION = 880001


def _toggl_events(secret: str, n: int, first_id: int) -> list[tuple[bytes, dict[str, str]]]:
    """``n`` signed Toggl events (distinct event ids, as Toggl delivers them) for one subscription."""
    import hashlib
    import hmac
    out = []
    for i in range(n):
        body = json.dumps({"event_id": first_id + i, "subscription_id": WEBHOOK_SUBSCRIPTION,
                           "workspace_id": 0, "creator_id": 1, "timestamp": "2026-11-28T08:00:00Z",
                           "metadata": {"model": "project", "action": "updated", "workspace_id": "0"},
                           "payload": {"id": 4000 + i, "name": f"Project {i}"}}).encode()
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        out.append((body, {"Content-Type": "application/json", "X-Webhook-Signature-256": signature}))
    return out


def _is_received(payload: bytes) -> bool:
    try:
        return json.loads(payload).get("status") == "ok"
    except ValueError:
        return False


def _signed(body: str) -> tuple[bytes, dict[str, str]]:
    return body.encode(), signed_headers(infra.SIGNING_SECRET, body)


def _is_queued_ack(payload: bytes) -> bool:
    try:
        return json.loads(payload).get("text", "").startswith("⏳")
    except ValueError:
        return False


def _command_counts(conn) -> Counter[str]:
    """Calls per Redis command so far (INFO commandstats), without INFO itself."""

    counts = Counter({name.split("|")[0].removeprefix("cmdstat_"): value["calls"]
                      for name, value in conn.info("commandstats").items()})
    counts.pop("info", None)
    return counts


def _merge(parts: list[LoadResult]) -> LoadResult:
    merged = LoadResult()
    for part in parts:
        merged.latencies.extend(part.latencies)
        merged.errors += part.errors
        merged.bad += part.bad
        merged.wall += part.wall
        merged.first_error = merged.first_error or part.first_error
        merged.server_cpu += part.server_cpu
        merged.client_cpu += part.client_cpu
    return merged


def run(redis: infra.RedisServer, toggl_url: str, slack: SlackFake, admin_token: str,
        workspace_id: int, workdir: Path, log=print, web_env: Optional[dict[str, str]] = None,
        gunicorn_args: tuple[str, ...] = (), bot_app: str = "app:create_app()") -> LatencyResult:
    """Start both gunicorns and one rq worker, warm up, measure, read memory, stop.

    ``web_env``, ``gunicorn_args`` and ``bot_app`` exist for experiments (other worker
    counts, another config); ``make bench`` uses the repository's settings as they are."""
    import redis as redis_lib
    from rq import Queue

    env = infra.bot_env(redis.url(0), toggl_url, slack.api_url, admin_token, workspace_id,
                        infra.new_secret_key())
    web = {**env, **(web_env or {})}
    ours = infra.Gunicorn("gunicorn-bot", web, workdir / "gunicorn-bot.log", app=bot_app,
                          extra_args=gunicorn_args)
    trivial = infra.Gunicorn("gunicorn-trivial", web, workdir / "gunicorn-trivial.log",
                             app="bench.trivial_app:create_app()", extra_args=gunicorn_args)
    worker = infra.RqWorker("rq-worker-latency", env, workdir / "rq-worker-latency.log")
    started: list[infra.Managed] = []
    try:
        for process in (ours, trivial, worker):
            process.start()
            started.append(process)
        infra.wait_for_workers(redis.url(0), 1)
        log(f"  gunicorn (bot) :{ours.port}, gunicorn (trivial) :{trivial.port}, 1 rq worker up")

        def bot_requests(n: int) -> list[tuple[bytes, dict[str, str]]]:
            return [_signed(SlashCommand(text=COMMAND, user_id=infra.ADMIN, trigger_id=new_trigger_id(),
                                         response_url=slack.new_response_url()).body())
                    for _ in range(n)]

        def trivial_requests(n: int) -> list[tuple[bytes, dict[str, str]]]:
            return [_signed(SlashCommand(text=COMMAND, user_id=infra.ADMIN).body()) for _ in range(n)]

        def cpu_of(server: infra.Gunicorn):
            return lambda: sum(infra.cpu_seconds(pid) for pid in infra.children(server.pid))

        sampler = MemorySampler(ours.pid, worker.pid)
        sampler.start()
        warm_t = run_load(trivial.port, "/slack/events", trivial_requests(WARMUP), CONCURRENCY)
        warm_o = run_load(ours.port, "/slack/events", bot_requests(WARMUP), CONCURRENCY, _is_queued_ack)
        if warm_o.errors or warm_o.bad or warm_t.errors:
            raise RuntimeError(f"warm-up failed: bot {warm_o.first_error} trivial {warm_t.first_error}\n"
                               f"{ours.log_tail()}")
        def our_cpu() -> float:
            used = infra.cpu_seconds(os.getpid()) + infra.cpu_seconds(redis.pid)
            for server in (ours, trivial, worker):
                used += infra.cpu_seconds(server.pid, reaped_children=True)
                used += sum(infra.cpu_seconds(pid) for pid in infra.children(server.pid))
            return used

        load_before = infra.load_average()
        per_round = MEASURED // ROUNDS
        ours_parts, trivial_parts = [], []
        busy0, ours0, wall0 = infra.machine_busy_seconds(), our_cpu(), time.monotonic()
        for _ in range(ROUNDS):
            trivial_parts.append(run_load(trivial.port, "/slack/events", trivial_requests(per_round),
                                          CONCURRENCY, server_cpu=cpu_of(trivial)))
            ours_parts.append(run_load(ours.port, "/slack/events", bot_requests(per_round),
                                       CONCURRENCY, _is_queued_ack, server_cpu=cpu_of(ours)))
        busy, mine, wall = (infra.machine_busy_seconds() - busy0, our_cpu() - ours0,
                            time.monotonic() - wall0)
        foreign = max(0.0, busy - mine) / (wall * len(os.sched_getaffinity(0)))
        trivial_single = run_load(trivial.port, "/slack/events", trivial_requests(SINGLE), 1)
        conn = redis_lib.Redis.from_url(redis.url(0))
        stats0 = _command_counts(conn)
        ours_single = run_load(ours.port, "/slack/events", bot_requests(SINGLE), 1, _is_queued_ack)
        stats = _command_counts(conn) - stats0
        acks = max(1, ours_single.count + ours_single.bad)
        redis_per_ack = (sum(stats.values()) / acks, stats["multi"] / acks)
        hooks = _webhook_events(conn, env, ours.port, cpu_of(ours))
        memory = sampler.stop()
        queue = Queue(env_queue_name(), connection=conn)
        queued = len(queue)
        done = queue.finished_job_registry.count
        conn.close()
        return LatencyResult(_merge(ours_parts), _merge(trivial_parts), memory, queued, done,
                             foreign, load_before, ours_single, trivial_single, redis_per_ack, hooks)
    finally:
        for process in reversed(started):
            process.stop()


def _webhook_events(conn, env: dict[str, str], port: int, server_cpu) -> LoadResult:
    """Signed Toggl events at the webhook route, as many clients as the slash-command load: each is
    checked against the subscription's secret, de-duplicated and queued before its 200."""
    from bot.webhook_secrets import Subscription, WebhookSecrets
    secrets = WebhookSecrets(conn, (env["TOGGLBOT_SECRET_KEY"],))
    secret = secrets.pending_for("bnchmk")
    secrets.tie("bnchmk", Subscription(WEBHOOK_SUBSCRIPTION, 0, "C0BENCH", "bnchmk"))
    return run_load(port, "/toggl/webhooks", _toggl_events(secret, MEASURED // 2, 1), CONCURRENCY,
                    _is_received, server_cpu=server_cpu)


def env_queue_name() -> str:
    from bot.settings import Settings
    return Settings.queue_name
