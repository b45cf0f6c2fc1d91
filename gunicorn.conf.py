"""Gunicorn settings read automatically by ``gunicorn "app:create_app()"``.

Slow clients: gunicorn's threaded workers read a request's head in a worker
thread with no time limit, so a handful of connections trickling a byte every
few seconds would hold every thread and stall ``/healthz``. The gevent worker
serves each connection in its own greenlet and gives it ``keepalive`` seconds
to send its whole request head; a slow client costs a greenlet, not a thread.
Bodies over 64 KiB are refused by the app before they are read
(``web/limits.py``). Behind the Compose nginx proxy, nginx buffers requests
as well (``deploy/nginx.conf``).
"""
import os

from bot.settings import load_or_exit

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gevent"
worker_connections = int(os.environ.get("GUNICORN_CONNECTIONS", "1000"))
keepalive = 5  # also the deadline for a request's head (gevent worker)
timeout = 30
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = "-"
# gunicorn 27's control socket is one path per user: two instances on a host
# would fight over it, and the bot has no use for it.
control_socket_disable = True


def on_starting(server):
    """Check the configuration in the master, so a missing variable stops gunicorn
    with one line instead of workers failing to boot over and over."""
    load_or_exit()


def child_exit(server, worker):
    """prometheus_client's multiprocess mode: drop a gone worker's live-gauge files (bot/metrics.py)."""
    from bot.metrics import mark_process_dead

    mark_process_dead(worker.pid)
