"""``make bench`` / ``python -m bench``: run the four benchmarks, print one table and
write it to bench/RESULTS.md.

1. ack latency (real gunicorn with ./gunicorn.conf.py vs a trivial Flask route),
4. peak RSS of gunicorn workers and of an rq worker (main + work horse) under that load,
then, at the same time (both mostly wait for Toggl's 1 request/s pacing, on their own
Redis database, Toggl fake and token bucket):
2. pacing of 30 changes through 3 rq workers,
3. Toggl requests per command, cold and warm cache.

Everything runs on 127.0.0.1: a private redis-server on a free port, in-process Toggl
and Slack fakes. Every process started is stopped, also on errors, Ctrl-C or timeout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from bench import infra, latency, pacing, percommand, report
from fakes.slack import SlackFake
from fakes.toggl import TogglFake

TIME_LIMIT = 330  # seconds for the whole run; a stuck phase is cut off, not waited for


class Timeout(Exception):
    pass


def _on_signal(signum, _frame):
    raise Timeout("time limit reached" if signum == signal.SIGALRM else f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="latency,pacing,requests",
                        help="comma-separated subset of: latency, pacing, requests")
    parser.add_argument("--keep-logs", action="store_true", help="keep the work directory")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))

    workdir = Path(tempfile.mkdtemp(prefix="togglbot-bench-"))
    logging.basicConfig(level=logging.WARNING, filename=str(workdir / "bench.log"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGALRM, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.alarm(TIME_LIMIT)
    results = report.Results(machine=infra.machine(), started=dt.datetime.now(dt.timezone.utc))
    began = time.monotonic()
    failed = False

    def log(message: str) -> None:
        print(f"[{time.monotonic() - began:5.1f}s] {message}", flush=True)

    redis = None
    try:
        redis = infra.RedisServer(workdir / "redis").start()
        with SlackFake(bot_token=infra.BOT_TOKEN) as slack:
            slack.add_user(infra.ADMIN, email="ann@acme.test", real_name="Ann Admin", name="ann")
            slack.add_user(infra.MEMBER, email="cat@acme.test", real_name="Cat Coder", name="cat")
            if "latency" in wanted:
                log("1+4. ack latency and memory: 2 gunicorns (./gunicorn.conf.py), 1 rq worker")
                with TogglFake(rate_limit=True) as toggl:
                    demo = toggl.seed_demo()
                    try:
                        results.latency = latency.run(redis, toggl.url, slack, demo["admin_token"],
                                                      demo["workspace"]["id"], workdir, log=log)
                    except Timeout:
                        raise
                    except Exception as error:  # report it, go on with the others
                        results.errors.append(f"latency: {error}")
                        log("latency FAILED:\n" + traceback.format_exc())
            with TogglFake(rate_limit=True) as toggl_pacing, TogglFake(rate_limit=True) as toggl_count:
                counting = None
                if "requests" in wanted:
                    log("3. Toggl requests per command (cold/warm), 1 rq worker, Redis db 2")

                    def count() -> None:
                        try:
                            results.per_command = percommand.run(
                                redis, 2, toggl_count, slack, toggl_count.seed_demo(), workdir,
                                log=lambda m: log("   " + m.strip()))
                        except Exception as error:
                            results.errors.append(f"requests per command: {error}")
                            log("requests per command FAILED:\n" + traceback.format_exc())

                    counting = threading.Thread(target=count, name="per-command", daemon=True)
                    counting.start()
                if "pacing" in wanted:
                    log(f"2. pacing: {pacing.ROW} in a row, {pacing.CHANGES} changes, {pacing.WORKERS} rq workers, Redis db 1")
                    try:
                        results.pacing = pacing.run(redis, 1, toggl_pacing, slack,
                                                    toggl_pacing.seed_demo(), workdir, log=log)
                        log(f"   pacing done: {results.pacing.parallel.elapsed:.1f}s, "
                            f"{results.pacing.parallel.too_many} × 429")
                    except Timeout:
                        raise
                    except Exception as error:
                        results.errors.append(f"pacing: {error}")
                        log("pacing FAILED:\n" + traceback.format_exc())
                if counting is not None:
                    while counting.is_alive():
                        counting.join(timeout=0.5)
    except (Timeout, KeyboardInterrupt) as error:
        failed = True
        results.errors.append(f"stopped early: {error or 'interrupted'}")
        log(f"stopped early: {error or 'interrupted'}")
    except Exception:
        failed = True
        results.errors.append("unexpected error (see above)")
        log("FAILED:\n" + traceback.format_exc())
    finally:
        signal.alarm(0)
        infra.stop_all()
        if redis is not None:
            redis.stop()
    results.seconds = time.monotonic() - began
    results.load_after = infra.load_average()

    text = report.render_text(results)
    print()
    print(text, flush=True)
    if not args.no_write and not failed and not results.errors and wanted == {"latency", "pacing", "requests"}:
        path = Path(__file__).resolve().parent / "RESULTS.md"
        path.write_text(report.render_markdown(results))
        print(f"\nwritten to {path.relative_to(infra.ROOT)}")
    if args.keep_logs or failed or results.errors:
        print(f"logs: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed or results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
