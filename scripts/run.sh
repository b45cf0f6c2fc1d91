#!/usr/bin/env bash
# `make run`: make sure Redis answers (starting a local one under ./var/ if not),
# then run the Procfile's web and worker processes together with honcho.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PATH="$PWD/$BIN:$PATH"  # the Procfile names gunicorn and rq from the venv

# Read REDIS_URL (and PORT) the way the app does, .env included.
eval "$($BIN/python - <<'PY'
import os, shlex
from dotenv import load_dotenv
load_dotenv(".env", override=False)
print("REDIS_URL=" + shlex.quote(os.environ.get("REDIS_URL") or "redis://localhost:6379/0"))
print("PORT=" + shlex.quote(os.environ.get("PORT") or "8000"))
PY
)"
export REDIS_URL PORT

redis_answers() {
  $BIN/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$REDIS_URL" 2>/dev/null
}

started_redis=""
if ! redis_answers; then
  read -r host port < <($BIN/python -c "from urllib.parse import urlsplit; import sys; u=urlsplit(sys.argv[1]); print(u.hostname or 'localhost', u.port or 6379)" "$REDIS_URL")
  case "$host" in localhost|127.0.0.1|::1) ;; *) echo "Redis at $REDIS_URL does not answer; start it or fix REDIS_URL." >&2; exit 1;; esac
  command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)." >&2; exit 1; }
  mkdir -p var
  echo "Starting a local redis-server on port $port (data in ./var/)"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$PWD/var" --appendonly yes \
    --daemonize yes --pidfile "$PWD/var/redis.pid" --logfile "$PWD/var/redis.log"
  started_redis=yes
  for _ in $(seq 50); do redis_answers && break; sleep 0.1; done
fi

stop_redis() { [ -n "$started_redis" ] && [ -f var/redis.pid ] && kill "$(cat var/redis.pid)" 2>/dev/null || true; }
trap stop_redis EXIT

echo "Toggl Ops Bot listening on http://localhost:$PORT"
echo "  Slack Request URL (slash command + interactivity): https://<your public host>/slack/events"
echo "  Health check: http://localhost:$PORT/healthz"
GUNICORN_BIND="0.0.0.0:$PORT" $BIN/honcho start -f Procfile
