"""``make run`` (``python -m supervisor``): start the bot's processes and keep them running.

In order: refuse a taken ``PORT``; the sandbox's fakes when no Slack or Toggl
setting is given (``sandbox/``); a Redis (its own, or ``REDIS_URL``'s); the
``Procfile``'s processes, each in a process group of its own. A process that
exits is started again after a pause; ``listening`` is printed once
``/healthz`` answers; Ctrl-C, SIGTERM or SIGHUP stops everything it started.
"""
