"""Only the bot's own job functions run here: any other name in a job is refused before import.

RQ imports whatever dotted name a job carries (its function and its
callbacks). Redis is shared infrastructure, so a job naming ``os.system``
must not run: ``BotWorker`` uses this job class, whose function and callbacks
are looked up only when they are the bot's own (``bot.jobqueue``).
"""
from __future__ import annotations

import logging
from typing import Any

from rq.job import Job

from bot.jobqueue import JOB_FUNCTIONS, ON_FAILURE

log = logging.getLogger(__name__)


class ForbiddenJob(Exception):
    """A job names a function that is not one of the bot's job functions."""


class AllowListJob(Job):
    """A job that runs only the bot's job functions, with only the bot's failure callback."""

    @property
    def func(self) -> Any:
        name = self.func_name
        if name not in JOB_FUNCTIONS or self.instance is not None:
            log.error("refused job %s: %r is not one of the bot's job functions", self.id, name)
            raise ForbiddenJob(f"{name!r} is not one of the bot's job functions")
        return super().func

    @property
    def failure_callback(self) -> Any:
        if self._failure_callback_name not in (None, ON_FAILURE):
            log.error("refused failure callback %r of job %s", self._failure_callback_name, self.id)
            return None
        return super().failure_callback

    @property
    def success_callback(self) -> Any:
        if self._success_callback_name:
            log.error("refused success callback %r of job %s", self._success_callback_name, self.id)
        return None

    @property
    def stopped_callback(self) -> Any:
        if self._stopped_callback_name:
            log.error("refused stopped callback %r of job %s", self._stopped_callback_name, self.id)
        return None
