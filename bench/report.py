"""The results table: figures, targets, PASS/MISS — as text and as markdown."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from bench import latency as latency_mod
from bench import pacing as pacing_mod
from bench.latency import LatencyResult
from bench.pacing import PacingResult
from bench.percommand import PerCommandResult

MIB = 1024  # VmHWM is in kB


@dataclass
class Results:
    machine: dict[str, str]
    started: dt.datetime
    latency: Optional[LatencyResult] = None
    pacing: Optional[PacingResult] = None
    per_command: Optional[PerCommandResult] = None
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    load_after: str = ""


@dataclass
class Line:
    what: str
    value: str
    target: str = ""
    ok: Optional[bool] = None  # None: information only
    flag: str = ""  # shown instead of PASS/MISS for information lines

    @property
    def verdict(self) -> str:
        return self.flag if self.ok is None else ("PASS" if self.ok else "MISS")


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _mib(kb: int) -> str:
    return f"{kb / MIB:.1f} MiB"


def lines(results: Results) -> list[Line]:
    out: list[Line] = []
    lat = results.latency
    if lat is not None:
        o, t = lat.ours, lat.trivial
        n = latency_mod.CONCURRENCY
        cmd = latency_mod.COMMAND
        errors = sum(r.errors + r.bad for r in (o, t, lat.ours_single, lat.trivial_single))
        out += [
            Line(f"ack p50, `/toggl {cmd}`, {n} clients", _ms(o.percentile(50))),
            Line(f"ack p99, `/toggl {cmd}`, {n} clients", _ms(o.percentile(99)), "< 100 ms",
                 o.percentile(99) < 100),
            Line(f"trivial route p50 / p99, {n} clients",
                 f"{_ms(t.percentile(50))} / {_ms(t.percentile(99))}"),
            Line("ack p50 ÷ trivial p50", f"{o.percentile(50) / t.percentile(50):.2f}×", "≤ 2×",
                 o.percentile(50) <= 2 * t.percentile(50)),
            Line("requests measured (bot / trivial), errors",
                 f"{o.count} / {t.count}, {errors} errors", "0 errors", errors == 0),
            *([Line(f"Toggl event answered p50 / p99 (`POST /toggl/webhooks`), {n} clients",
                    f"{_ms(lat.webhooks.percentile(50))} / {_ms(lat.webhooks.percentile(99))}", "p99 < 100 ms",
                    lat.webhooks.percentile(99) < 100 and not (lat.webhooks.errors or lat.webhooks.bad))]
              if lat.webhooks is not None else []),
            Line("ack p50 / p99, 1 client (unloaded)",
                 f"{_ms(lat.ours_single.percentile(50))} / {_ms(lat.ours_single.percentile(99))}"),
            Line("trivial route p50 / p99, 1 client (unloaded)",
                 f"{_ms(lat.trivial_single.percentile(50))} / {_ms(lat.trivial_single.percentile(99))}"),
            Line("Redis commands per ack (MULTI transactions)",
                 f"{lat.redis_per_ack[0]:.1f} ({lat.redis_per_ack[1]:.1f})"),
            Line(f"throughput, {n} clients (bot / trivial)",
                 f"{o.throughput:.0f} / {t.throughput:.0f} req/s"),
            Line("server CPU per request (bot / trivial)",
                 f"{o.server_cpu / max(1, o.count) * 1000:.2f} / {t.server_cpu / max(1, t.count) * 1000:.2f} ms"),
            Line("client CPU per request (bot / trivial)",
                 f"{o.client_cpu / max(1, o.count) * 1000:.2f} / {t.client_cpu / max(1, t.count) * 1000:.2f} ms"),
            Line("CPU used by other processes during the run",
                 f"{lat.foreign_cpu * 100:.0f}% of the machine (load avg before: {lat.load_before})",
                 "≤ 10% for clean figures", flag="NOISY" if lat.foreign_cpu > 0.10 else "quiet"),
        ]
    pac = results.pacing
    if pac is not None:
        cold, warm, par = pac.row_cold, pac.row_warm, pac.parallel
        out += [
            Line(f"{cold.changes} changes in a row, cold cache: Toggl requests in the organization's bucket "
                 "(+ in the /me bucket)", f"{cold.requests - cold.me_requests} (+ {cold.me_requests})",
                 f"≤ {cold.changes + 1}",
                 cold.requests - cold.me_requests <= cold.changes + 1 and cold.finished_ok == cold.changes),
            Line(f"{cold.changes} changes in a row, cold cache: first POST → last result",
                 f"{cold.to_last_result:.1f} s", "about 15 s", cold.to_last_result <= 16),
            Line(f"{warm.changes} changes in a row, warm cache: Toggl requests, time",
                 f"{warm.requests}, {warm.to_last_result:.1f} s", f"= {warm.changes}",
                 warm.requests == warm.changes and warm.finished_ok == warm.changes),
            Line(f"{par.changes} changes by {pacing_mod.WORKERS} workers, cold: 429s answered by the fake",
                 str(par.too_many), "0", par.too_many == 0),
            Line(f"{par.changes} changes by {pacing_mod.WORKERS} workers: Toggl requests (writes + look-ups)",
                 f"{par.requests} ({par.writes} + {len(par.lookups)})", f"{par.changes} + the look-ups"),
            Line(f"{par.changes} changes by {pacing_mod.WORKERS} workers: first POST → last Toggl request",
                 f"{par.elapsed:.2f} s", f"≤ {par.ideal * (1 + pacing_mod.TOLERANCE):.1f} s "
                 f"({par.ideal:.0f} s ideal + 5%)", par.elapsed <= par.ideal * (1 + pacing_mod.TOLERANCE)),
            Line("pacing: changes confirmed with ✅", f"{par.finished_ok}/{par.changes}",
                 f"{par.changes}/{par.changes}", par.finished_ok == par.changes),
            Line("pacing: smallest gap between accepted requests", f"{par.min_gap:.3f} s"),
        ]
    per = results.per_command
    if per is not None:
        for row in per.rows:
            if row.bulk_k is not None:
                out.append(Line(f"user remove, k={row.bulk_k}: Toggl requests warm (cold)",
                                f"{row.warm.count} ({row.cold.count})", "≤ 2 warm",
                                row.warm.count <= 2 and row.warm.ok))
        exceptions = {"client rename <id> <name>": 2, "client notes <id> <text>": 2, "workspace create <name>": 2,
                      "watch <entity>": 2, "unwatch <id>": 2}
        over = [f"{r.label} ({r.warm.count})" for r in per.rows
                if r.changes and r.warm.count > exceptions.get(r.label, 1)]
        out.append(Line("changes that cost more than one Toggl request warm", ", ".join(over) or "none",
                        "none (client rename/notes, workspace create, watch, unwatch: 2, a read first)", not over))
        broken = [r.label for r in per.rows if not (r.cold.ok and r.warm.ok)]
        out.append(Line("catalogue commands measured, all succeeded",
                        f"{len({r.command for r in per.rows})} commands, {len(per.rows)} rows, "
                        f"{len(broken)} failed" + (f" ({', '.join(broken)})" if broken else ""),
                        "all", not broken and not per.missing))
    if lat is not None:
        m = lat.memory
        web = max(m.web_workers.values(), default=0)
        horse = max(m.horses.values(), default=0)
        out += [
            Line(f"peak RSS gunicorn web worker (max of {len(m.web_workers)})",
                 " / ".join(_mib(v) for v in m.web_workers.values()) or "n/a", "< 100 MiB",
                 0 < web < 100 * MIB),
            Line("peak RSS gunicorn master", _mib(m.web_master)),
            Line("peak RSS rq worker, main process", _mib(m.rq_main), "< 100 MiB", 0 < m.rq_main < 100 * MIB),
            Line(f"peak RSS rq work horse (max of {len(m.horses)} jobs)", _mib(horse) if horse else "n/a",
                 "< 100 MiB", 0 < horse < 100 * MIB),
        ]
        if m.others:
            out.append(Line("peak RSS rq scheduler process", _mib(max(m.others.values()))))
    for error in results.errors:
        out.append(Line("ERROR", error, "", False))
    return out


def notes(results: Results) -> list[str]:
    """What the figures mean, where that depends on them."""
    out = []
    lat = results.latency
    if lat is not None:
        o, t = lat.ours, lat.trivial
        if lat.foreign_cpu > 0.10:
            out.append(f"Other processes used {lat.foreign_cpu * 100:.0f}% of the CPUs during the latency "
                       "run: its figures are disturbed; rerun on a quiet machine.")
        if o.percentile(99) >= 100 or o.percentile(50) > 2 * t.percentile(50):
            ocpu = (o.server_cpu + o.client_cpu) / max(1, o.count) * 1000
            tcpu = (t.server_cpu + t.client_cpu) / max(1, t.count) * 1000
            out.append(
                f"With {latency_mod.CONCURRENCY} closed-loop clients on {results.machine['usable CPUs']} CPUs "
                "both servers are CPU-bound: latency ≈ clients ÷ throughput, so the p50 ratio follows the "
                f"CPU cost per request (server + client: {ocpu:.1f} ms vs {tcpu:.1f} ms), not a wait. "
                f"Unloaded (1 client) the ack takes {lat.ours_single.percentile(50):.1f} ms vs "
                f"{lat.trivial_single.percentile(50):.1f} ms. The ack's extra cost is Bolt's dispatch and "
                f"the queueing: {lat.redis_per_ack[0]:.0f} Redis commands per ack "
                f"(in {lat.redis_per_ack[1]:.0f} MULTI transaction(s)), each encoded and parsed by "
                "redis-py, plus RQ building the job.")
    pac = results.pacing
    if pac is not None and pac.row_cold.lookups:
        out.append(f"The first of {pac.row_cold.changes} changes in a row from an empty cache reads "
                   + ", ".join(f"`{c}`" for c in pac.row_cold.lookups)
                   + ": the people it names, and the workspace (its name and currency, for the plan) from "
                   "`/me/workspaces`, which counts in the token's own `/me` bucket rather than the "
                   "organization's; the other changes are served by the cache their writes keep current.")
    return out


def _machine(results: Results) -> str:
    m = results.machine
    return (f"{m['nproc']} CPUs ({m['usable CPUs']} usable), {m['cpu']}, Python {m['python']}; "
            f"code {m['source']}; {results.started:%Y-%m-%d %H:%M} UTC, {results.seconds:.0f} s, "
            f"load avg after: {results.load_after}")


def _per_command_rows(per: PerCommandResult) -> list[tuple[str, str, str, str]]:
    rows = []
    for row in per.rows:
        calls = ", ".join(f"{n}× {c}" if n > 1 else c for c, n in Counter(row.warm.calls).items()) or "—"
        bad = [r.outcome for r in (row.cold, row.warm) if not r.ok]
        status = f"  ❌ {bad[0]}" if bad else ""
        rows.append((row.label, str(row.cold.count), str(row.warm.count), calls + status))
    return rows


def render_text(results: Results) -> str:
    table = lines(results)
    w1 = max((len(line.what) for line in table), default=10)
    w2 = max((len(line.value) for line in table), default=10)
    w3 = max((len(line.target) for line in table), default=6)
    out = ["Toggl Ops Bot benchmarks — " + _machine(results), ""]
    out.append(f"{'measure':{w1}}  {'value':{w2}}  {'target':{w3}}  result")
    out.append("-" * (w1 + w2 + w3 + 14))
    for line in table:
        out.append(f"{line.what:{w1}}  {line.value:{w2}}  {line.target:{w3}}  {line.verdict}")
    if results.per_command is not None:
        rows = _per_command_rows(results.per_command)
        c1 = max(len(r[0]) for r in rows)
        out += ["", "Toggl requests per command (fake's request log; cold = empty cache, "
                    "warm = the same kind of command right after, cache as it was left)",
                f"{'command':{c1}}  cold  warm  warm requests", "-" * (c1 + 50)]
        out += [f"{a:{c1}}  {b:>4}  {c:>4}  {d}" for a, b, c, d in rows]
    found = notes(results)
    if found:
        out += ["", "Notes:"] + [f"- {note}" for note in found]
    return "\n".join(out)


def render_markdown(results: Results) -> str:
    out = ["# Benchmarks", "", f"`make bench` — {_machine(results)}", "",
           "| measure | value | target | result |", "| --- | --- | --- | --- |"]
    for line in lines(results):
        out.append(f"| {line.what} | {line.value} | {line.target} | {line.verdict} |")
    if results.per_command is not None:
        out += ["", "## Toggl requests per command", "",
                "Counted in the Toggl fake's request log between the slash command and its final "
                "Slack message. *cold*: look-up cache empty; *warm*: the same kind of command right "
                "after, with the cache as the cold one left it — a change writes its effect through to "
                "the cached records (`TOGGL_WORKSPACE_ID` set, `TOGGL_ORGANIZATION_ID` not). "
                "`TOGGLBOT_APPROVAL_REQUIRED=` (empty), so nothing waits for approval.", "",
                "| command | cold | warm | warm requests |", "| --- | ---: | ---: | --- |"]
        for a, b, c, d in _per_command_rows(results.per_command):
            out.append(f"| `{a}` | {b} | {c} | {d} |")
    found = notes(results)
    if found:
        out += ["", "## Notes", ""] + [f"* {note}" for note in found]
    out += ["", "## How it is measured", "", METHOD]
    return "\n".join(out) + "\n"


METHOD = f"""\
* **Ack latency**: the Procfile's web command (`gunicorn "app:create_app()"`, so
  `./gunicorn.conf.py`: 2 gthread workers × 4 threads, access log on) on 127.0.0.1, and the
  same command serving `bench/trivial_app.py` (one POST route). {latency_mod.CONCURRENCY}
  closed-loop clients (threads, one keep-alive `http.client` connection each) send correctly
  signed slash commands (`slack_sdk` `SignatureVerifier`), each with its own `trigger_id`;
  {latency_mod.WARMUP} warm-up requests per server, then {latency_mod.MEASURED} measured per
  server in {latency_mod.ROUNDS} alternating rounds. Every bot answer is checked to be the
  `⏳ … — ref …` ack. Percentiles are nearest-rank. One `rq worker` runs meanwhile, working
  off the queued jobs against the Toggl fake. Client, servers, Redis and fakes share the
  machine's CPUs, so the figures are CPU-bound and sensitive to other load (shown).
* **Pacing**: a real gunicorn and 3 `rq worker` processes (Procfile lines), Toggl fake with
  its rate limit on (a token's request < 0.9 s after its previous accepted one → 429).
  {pacing_mod.ROW} changes (`user set <who> rate=<n>` and `rate set <who> <n>`, alternating)
  are posted at once from an empty look-up cache, then {pacing_mod.ROW} more with the cache
  as they left it; then {pacing_mod.CHANGES} from an empty cache again. Counted: every
  request the fake saw from just before the first POST to /slack/events until every
  command had its final message. N requests paced at 1/s need at least N − 1 s from the
  first to the start of the last.
* **Requests per command**: see above; each command runs in a real `rq worker` against a
  fresh Toggl fake, rate limit on. Runs at the same time as the pacing benchmark (own Redis
  database, own fake, own pacing key), since both mostly wait.
* **Memory**: `VmHWM` from `/proc/<pid>/status`, sampled every 50 ms during the latency run
  for gunicorn's workers and master, the rq worker's main process, and each work horse
  (a fork per job; the scheduler child is reported apart).
"""
