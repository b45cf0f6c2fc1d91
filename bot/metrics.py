"""The bot's Prometheus metrics (SPEC §16): defined once here, recorded by the web and the worker
processes, served by ``GET /metrics`` (``web/metrics.py``).

**Multiprocess mode** (prometheus_client's "Multiprocess Mode",
https://prometheus.github.io/client_python/multiprocess/): when ``PROMETHEUS_MULTIPROC_DIR`` is in
a process's environment *when it starts*, every process writes its values to files in that
directory and a scrape merges them all, so gunicorn's workers and RQ's work horses are counted
together whichever web worker answers. Set it where the processes are started (the `make run` supervisor (``supervisor/__main__.py``),
``docker-compose.yml``), not in ``.env`` (read too late). Without it each process keeps its own
values and ``/metrics`` shows only the web worker that answers — enough for the sandbox.

**Files.** prometheus_client names a process's files after its pid (``counter_<pid>.db``), and
RQ forks a work horse per job: one set of files per job, each read at every scrape. Here a
process is named ``<host>-<pid>``, and a work horse takes its worker's name plus ``-horse``
(:func:`as_work_horse`, from ``BotWorker.main_work_horse``). A worker runs one horse at a time,
so its horses take turns on one set of files, each going on from the values the last one left:
the directory holds a few files per process ever started, not per job. The host is part of the
name because Compose's web and worker containers share the directory but not a pid namespace.
The directory should start empty with the stack (the docs say so; the `make run` supervisor (``supervisor/__main__.py``) empties it,
Compose's volume is a tmpfs); counters then start again from zero, which Prometheus's ``rate()``
takes as a counter reset.

**Gauges.** Toggl's quota remaining is ``mostrecent``: the value from whichever process heard
from Toggl last, alive or not — horses exit after each job, so a ``live*`` mode would drop the
value as soon as the job ends, and ``max``/``sum`` would mix old and new answers. Open approvals
are read from Redis at scrape time (``web/metrics.py``), so they are never off by a missed
increment. No gauge is ``live*``, so :func:`mark_process_dead` has nothing to remove today; the
gunicorn ``child_exit`` hook calls it anyway, as the docs ask.
"""
from __future__ import annotations

import os
import re
import socket

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    multiprocess,
    values,
)

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip() or None
_HOST = re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname()) or "host"  # "_" separates file name parts
_horse_name: str | None = None


def process_name(pid: int | None = None) -> str:
    """The name of process ``pid`` (default: this one) in the metrics files: ``<host>-<pid>``."""
    return f"{_HOST}-{pid or os.getpid()}"


def _current_name() -> str:
    return _horse_name or process_name()


def as_work_horse(worker_pid: int) -> None:
    """Call first thing in an RQ work horse: write to the files of the worker's horses."""
    global _horse_name
    _horse_name = f"{process_name(worker_pid)}-horse"


def mark_process_dead(pid: int) -> None:
    """Remove the ``live*`` gauge files of a process that ended (gunicorn's ``child_exit``)."""
    if MULTIPROC_DIR:
        multiprocess.mark_process_dead(process_name(pid), MULTIPROC_DIR)


# Chosen before the first metric is made (prometheus_client picks its value class at import).
if MULTIPROC_DIR:
    os.makedirs(MULTIPROC_DIR, exist_ok=True)
    values.ValueClass = values.MultiProcessValue(_current_name)
else:  # an empty PROMETHEUS_MULTIPROC_DIR would make prometheus_client write files to the cwd
    values.ValueClass = values.MutexValue
disable_created_metrics()  # no *_created series: the same page with and without the directory

# Ack outcomes (togglbot_commands_total): every command typed, or sent from a form or a button,
# is counted once, when the web process answers it.
QUEUED = "queued"  # a job was queued (the ⏳ ack)
APPROVAL_REQUESTED = "approval_requested"  # queued to be planned, then approved
ANSWERED = "answered"  # answered in the ack itself (help, status, cancel, …)
DUPLICATE = "duplicate"  # Slack delivered the same request again; nothing new was queued
REFUSED = "refused"  # the user may not run it, or ws= names a workspace that is not allowed
INVALID = "invalid"  # the text did not parse (command "unknown" when no command was recognised)
SETUP_MISSING = "setup_missing"  # a token or key it needs is not configured / not connected
UNAVAILABLE = "unavailable"  # Redis did not answer; nothing was queued
ERROR = "error"  # a bug: the ack said something went wrong
# Final outcomes (togglbot_commands_finished_total): every queued command once, when its one
# final message is claimed — the ref's final state.
FINAL_OUTCOMES = ("done", "failed", "rejected", "expired", "cancelled")
# Webhook outcomes (togglbot_webhook_events_total).
WEBHOOK_OUTCOMES = ("queued", "duplicate", "ping", "bad_signature", "unreadable", "unavailable")

OPEN_APPROVALS = "togglbot_open_approvals"
OPEN_APPROVALS_HELP = "Approval requests waiting for a decision now (read from Redis at scrape time)"

COMMANDS = Counter(
    "togglbot_commands", "Commands by catalogue name and how the ack answered them "
    "(queued, approval_requested, answered, duplicate, refused, invalid, setup_missing, unavailable, error)",
    ["command", "outcome"], registry=None)
COMMANDS_FINISHED = Counter(
    "togglbot_commands_finished", "Queued commands by catalogue name and final state "
    "(done, failed, rejected, expired, cancelled)", ["command", "outcome"], registry=None)
ACK_SECONDS = Histogram(
    "togglbot_ack_seconds", "Seconds from a slash command reaching the intake to its ack (Slack allows 3)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0), registry=None)
JOB_SECONDS = Histogram(
    "togglbot_job_seconds", "Seconds a worker spent on one run of a command's job (a deferred command runs again)",
    ["command"], buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0), registry=None)
TOGGL_REQUESTS = Counter(
    "togglbot_toggl_requests", "Requests sent to Toggl, by method and HTTP status (none: no answer)",
    ["method", "status"], registry=None)
TOGGL_RATE_LIMITED = Counter(
    "togglbot_toggl_rate_limited", "Toggl answers 429 Too Many Requests (each holds the token's requests)",
    registry=None)
QUOTA_DEFERRALS = Counter(
    "togglbot_quota_deferrals", "Commands put off until Toggl's hourly quota resets (a 402)", registry=None)
QUOTA_REMAINING = Gauge(
    "togglbot_toggl_quota_remaining", "Requests left in the admin token's hourly Toggl quota, as Toggl last "
    "said, per organization (me: the token's /me bucket)", ["organization"], multiprocess_mode="mostrecent",
    registry=None)
WEBHOOK_EVENTS = Counter(
    "togglbot_webhook_events", "Deliveries to /toggl/webhooks by outcome "
    "(queued, duplicate, ping, bad_signature, unreadable, unavailable)", ["outcome"], registry=None)

ALL = (COMMANDS, COMMANDS_FINISHED, ACK_SECONDS, JOB_SECONDS, TOGGL_REQUESTS, TOGGL_RATE_LIMITED,
       QUOTA_DEFERRALS, QUOTA_REMAINING, WEBHOOK_EVENTS)


def command_acked(command: str, outcome: str) -> None:
    """Count a command's ack."""
    COMMANDS.labels(command=command or "unknown", outcome=outcome).inc()


def command_finished(command: str, outcome: str) -> None:
    """Count a queued command's end (call once per ref, where its final message is claimed)."""
    COMMANDS_FINISHED.labels(command=command or "unknown", outcome=str(outcome)).inc()


def toggl_response(method: str, status: int | None, organization: str | None = None,
                   remaining: int | None = None) -> None:
    """Count one request sent to Toggl; ``remaining`` (with ``organization``) is the quota it reported."""
    TOGGL_REQUESTS.labels(method=method, status=str(status) if status else "none").inc()
    if status == 429:
        TOGGL_RATE_LIMITED.inc()
    if organization and remaining is not None:
        QUOTA_REMAINING.labels(organization=organization).set(remaining)


def scrape_registry() -> CollectorRegistry:
    """A registry with every process's values (multiprocess mode) or this process's own."""
    registry = CollectorRegistry()
    if MULTIPROC_DIR:
        multiprocess.MultiProcessCollector(registry, path=MULTIPROC_DIR)
    else:
        for metric in ALL:
            registry.register(metric)
    return registry
