#!/usr/bin/env bash
# `make run`: make sure Redis answers (starting a local one under ./var/ if not),
# then run the Procfile's web and worker processes together with honcho.
# With no Slack or Toggl settings at all, start in sandbox mode first: the
# Toggl and Slack fakes from the tests, with a demo workspace (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PATH="$PWD/$BIN:$PATH"  # the Procfile names gunicorn and rq from the venv
mkdir -p var

# Read the settings the way the app does (.env included) to pick the mode.
eval "$($BIN/python -m sandbox.mode)"
export REDIS_URL PORT

cleanup=()
on_exit() { for step in "${cleanup[@]}"; do eval "$step" || true; done; }
trap on_exit EXIT

if [ "$MODE" = sandbox ]; then
  echo "SANDBOX MODE — no Slack or Toggl settings found, so the bot runs against local fakes:"
  echo "  a fake Toggl API with a demo workspace (Acme HQ), a fake Slack, a generated signing secret."
  echo "  Nothing leaves this machine. Set SLACK_* and TOGGL_API_TOKEN (or a .env) for real mode."
  $BIN/python -m sandbox --state var/sandbox.json > var/sandbox.out 2> var/sandbox.log &
  sandbox_pid=$!
  cleanup+=("kill $sandbox_pid")
  for _ in $(seq 100); do grep -q '^READY$' var/sandbox.out 2>/dev/null && break; sleep 0.1; done
  grep -q '^READY$' var/sandbox.out || { echo "the sandbox did not start; see var/sandbox.log" >&2; exit 1; }
  set -a
  # shellcheck disable=SC1090
  source <(grep -v '^READY$' var/sandbox.out)
  set +a
fi

redis_answers() {
  $BIN/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$REDIS_URL" 2>/dev/null
}

if ! redis_answers; then
  read -r host port < <($BIN/python -c "from urllib.parse import urlsplit; import sys; u=urlsplit(sys.argv[1]); print(u.hostname or 'localhost', u.port or 6379)" "$REDIS_URL")
  case "$host" in localhost|127.0.0.1|::1) ;; *) echo "Redis at $REDIS_URL does not answer; start it or fix REDIS_URL." >&2; exit 1;; esac
  command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)." >&2; exit 1; }
  echo "Starting a local redis-server on port $port (data in ./var/)"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$PWD/var" --appendonly yes --save "" \
    --daemonize yes --pidfile "$PWD/var/redis-$port.pid" --logfile "$PWD/var/redis-$port.log"
  cleanup+=("kill \$(cat var/redis-$port.pid)")
  for _ in $(seq 50); do redis_answers && break; sleep 0.1; done
fi
if [ -n "$FRESH_REDIS" ]; then  # the sandbox's own Redis starts empty, like its fakes
  $BIN/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS_URL"
fi

echo "Toggl Ops Bot listening on http://localhost:$PORT"
if [ "$MODE" = sandbox ]; then
  echo "  Try it: in another terminal run \`make console\`, then type /toggl users"
else
  echo "  Slack Request URL (slash command + interactivity): https://<your public host>/slack/events"
fi
echo "  Health check: http://localhost:$PORT/healthz"
GUNICORN_BIND="0.0.0.0:$PORT" $BIN/honcho start -f Procfile
