"""``python -m supervisor [--var DIR] [--procfile FILE]``: what ``make run`` runs (see __init__)."""
from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from dotenv import load_dotenv

from sandbox import state as sandbox_state
from sandbox.mode import Mode, read_mode
from supervisor import redis_server
from supervisor.children import Child, Output, read_procfile
from supervisor.loop import Stopping, Supervisor

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_NOTICE = """SANDBOX MODE — no Slack or Toggl settings found, so the bot runs against local fakes:
  a fake Toggl API with a demo workspace (Acme HQ), a fake Slack, a generated signing secret.
  Nothing leaves this machine. Set SLACK_* and TOGGL_API_TOKEN (or a .env) for real mode."""


class StartFailed(Exception):
    """Something the bot needs could not be started; the message is the one line to print."""


def port_taken(host: str, port: int) -> bool:
    """Would binding ``host:port`` fail, as gunicorn binds it (``SO_REUSEADDR``)?"""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def start_sandbox(sup: Supervisor, env: dict[str, str], var: Path) -> dict[str, str]:
    """``python -m sandbox``: its fakes up, its environment for the web and worker processes."""
    state_file, log = var / "sandbox.json", var / "sandbox.log"
    state_file.unlink(missing_ok=True)
    log.unlink(missing_ok=True)
    sup.after_stop.append(lambda: state_file.unlink(missing_ok=True))  # its secrets go with it
    child = sup.start(Child("sandbox", [sys.executable, "-m", "sandbox", "--state", str(state_file)], dict(env), ROOT,
                            sup.out, log_file=log), tier=0, restart=False)
    if not sup.wait_for(lambda: log.exists() and "READY" in log.read_text().splitlines(), child, timeout=30):
        raise StartFailed(f"the sandbox did not start; see {log}")
    return dict(line.split("=", 1) for line in sandbox_state.env_lines(sandbox_state.load(state_file)))


def start_redis(sup: Supervisor, mode: Mode, env: dict[str, str], var: Path) -> str:
    """The Redis URL for the processes: ``REDIS_URL``'s if it answers, else one this run starts."""
    if mode.redis_url is None:
        own = redis_server.for_sandbox(var)
        for pid, port in redis_server.leftovers(var):
            sup.out.say(f"A redis-server from an earlier run is still running (pid {pid}, port {port}); "
                        f"left alone and not used — `kill {pid}` stops it")
    elif redis_server.answers(mode.redis_url):
        sup.out.say("Using the Redis at REDIS_URL (it answers; this run neither empties nor stops it)")
        return mode.redis_url
    elif not redis_server.is_local(mode.redis_url):
        raise StartFailed("Redis at REDIS_URL does not answer; start it or fix REDIS_URL.")
    else:
        own = redis_server.for_url(mode.redis_url, var)
    if not redis_server.installed():
        raise StartFailed("redis-server is not installed (apt-get install redis-server).")
    sup.out.say(f"Starting a redis-server on port {own.port} (data in {own.data_dir})")
    child = sup.start(Child("redis", own.argv(var), dict(env), ROOT, sup.out), tier=0)
    sup.after_stop.append(lambda: redis_server.cleanup(own, var))
    if not sup.wait_for(lambda: redis_server.answers(own.url), child, timeout=15):
        raise StartFailed(f"redis-server did not start on port {own.port}; see {own.log_file(var)}")
    return own.url


# >>> metrics (bot/metrics.py; moved here from scripts/run.sh)
def metrics_dir(env: dict[str, str], var: Path) -> str:
    """``PROMETHEUS_MULTIPROC_DIR`` for the web and worker processes (default ``var/metrics``): they
    write their Prometheus values there and GET /metrics merges them; emptied at each start."""
    path = Path(env.get("PROMETHEUS_MULTIPROC_DIR") or var / "metrics")
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    return str(path)
# <<< metrics


def start(sup: Supervisor, mode: Mode, env: dict[str, str], var: Path, procfile: Path) -> None:
    """Everything in order: the sandbox, Redis, the Procfile's processes."""
    if mode.sandbox:
        sup.out.say(SANDBOX_NOTICE)
        env.update(start_sandbox(sup, env, var))
    env["REDIS_URL"] = start_redis(sup, mode, env, var)
    env["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir(env, var)
    env["GUNICORN_BIND"] = f"{'127.0.0.1' if mode.sandbox else '0.0.0.0'}:{mode.port}"
    bin_dir = Path(sys.executable).parent
    for name, argv in read_procfile(procfile).items():
        if (bin_dir / argv[0]).exists():
            argv = [str(bin_dir / argv[0]), *argv[1:]]
        sup.start(Child(name, argv, dict(env), ROOT, sup.out), tier=1)


def banner(sup: Supervisor, mode: Mode) -> None:
    url = f"http://127.0.0.1:{mode.port}"
    hint = ("  Try it: in another terminal run `make console`, then type /toggl users" if mode.sandbox else
            "  Slack Request URL (slash command + interactivity): https://<your public host>/slack/events")
    sup.out.say(f"Toggl Ops Bot listening on {url}\n{hint}\n  Health check: {url}/healthz")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supervisor", description=__doc__)
    parser.add_argument("--var", type=Path, default=ROOT / "var", help="where its files go (default ./var)")
    parser.add_argument("--procfile", type=Path, default=ROOT / "Procfile")
    options = parser.parse_args(argv)
    load_dotenv(ROOT / ".env", override=False)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        mode = read_mode(env)
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 1
    env["PORT"] = str(mode.port)
    if port_taken("127.0.0.1" if mode.sandbox else "0.0.0.0", mode.port):
        print(f"Port {mode.port} is taken (another `make run`?): stop what listens there, "
              f"or choose another with PORT=<port> make run.", file=sys.stderr)
        return 1
    options.var.mkdir(parents=True, exist_ok=True)
    sup = Supervisor(Output(), mode.port)
    sup.install_signals()
    try:
        start(sup, mode, env, options.var.resolve(), options.procfile)
        return sup.run(lambda: banner(sup, mode))
    except StartFailed as problem:
        sup.out.say(str(problem))
        return 1
    except Stopping:
        return 0
    finally:
        sup.stop()


if __name__ == "__main__":
    sys.exit(main())
