"""What a job needs, built from the settings and the worker's Redis connection."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from redis import Redis
from rq import Queue

from workers.cache import LookupCache
from bot.jobqueue import make_queue
from bot.refs import RefStore
from bot.settings import Settings, load_or_exit
from toggl.api import TogglAPI
from bot.token_store import TokenStore
from workers.slack_out import SlackOut


@dataclass
class Services:
    """Per-job wiring; clients are created on first use."""

    settings: Settings
    redis: Redis
    _clients: dict[str, TogglAPI] = field(default_factory=dict)

    @classmethod
    def for_connection(cls, redis: Redis, settings: Settings | None = None) -> "Services":
        """Services on the worker's connection, with settings from the environment."""
        return cls(settings or load_or_exit(), redis)

    @cached_property
    def refs(self) -> RefStore:
        return RefStore(self.redis)

    @cached_property
    def tokens(self) -> TokenStore:
        return TokenStore(self.redis, self.settings.secret_key)

    @cached_property
    def cache(self) -> LookupCache:
        return LookupCache(self.redis)

    @cached_property
    def slack(self) -> SlackOut:
        return SlackOut(self.settings)

    @cached_property
    def queue(self) -> Queue:
        return make_queue(self.redis, self.settings.queue_name)

    def toggl(self, token: str | None = None) -> TogglAPI:
        """A client for ``token`` (default: the admin token ``TOGGL_API_TOKEN``)."""
        token = token or self.settings.toggl_api_token
        if not token:
            raise LookupError("TOGGL_API_TOKEN is not set")
        if token not in self._clients:
            self._clients[token] = TogglAPI(self.settings.toggl_api_url, token, self.redis,
                                               timeout=self.settings.toggl_timeout)
        return self._clients[token]
