"""Gunicorn settings read automatically by ``gunicorn "app:create_app()"``."""
import os

from bot.settings import load_or_exit

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
accesslog = "-"
# gunicorn 27's control socket is one path per user: two instances on a host
# would fight over it, and the bot has no use for it.
control_socket_disable = True


def on_starting(server):
    """Check the configuration in the master, so a missing variable stops gunicorn
    with one line instead of workers failing to boot over and over."""
    load_or_exit()
