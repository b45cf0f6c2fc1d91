"""What jobs need, built once per worker process from the settings and one Redis connection.

``BotWorker`` installs the process's services when it starts; RQ forks a work
horse per job, and the horse inherits them. Code that runs outside a
``BotWorker`` (a plain ``rq worker``, tests) gets services built on first use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial

from redis import Redis
from rq import Queue

from bot import metrics
from bot.jobqueue import make_queue
from bot.refs import RefStore
from bot.settings import Settings, load_or_exit
from bot.tokens import TokenStore, TokenUnreadable
from bot.webhook_secrets import WebhookSecrets
from toggl.api import TogglAPI
from toggl.quota import ME, organization_of
from workers.cache import LookupCache
from workers.errors import NotConnected, TokenLost
from workers.slack_out import SlackOut

_installed: "Services | None" = None


@dataclass
class Services:
    """The settings, the stores and the clients of one worker process; clients are made on first use."""

    settings: Settings
    redis: Redis
    _apis: dict[str, TogglAPI] = field(default_factory=dict)

    @cached_property
    def refs(self) -> RefStore:
        return RefStore(self.redis)

    @cached_property
    def tokens(self) -> TokenStore:
        return TokenStore(self.redis, self.settings.secret_keys)

    @cached_property
    def webhook_secrets(self) -> WebhookSecrets:
        return WebhookSecrets(self.redis, self.settings.secret_keys)

    @cached_property
    def cache(self) -> LookupCache:
        return LookupCache(self.redis)

    @cached_property
    def slack(self) -> SlackOut:
        return SlackOut(self.settings)

    @cached_property
    def queue(self) -> Queue:
        return make_queue(self.redis, self.settings.queue_name)

    def own_toggl(self, user_id: str) -> TogglAPI:
        """The API client of a Slack user's own connected token (``me``, ``profile set``)."""
        try:
            token = self.tokens.get(user_id)
        except TokenUnreadable:
            raise TokenLost() from None
        if token is None:
            raise NotConnected()
        return self.toggl(token)

    def toggl(self, token: str | None = None) -> TogglAPI:
        """The API client for ``token`` (default: the admin token ``TOGGL_API_TOKEN``)."""
        token = token or self.settings.toggl_api_token
        if not token:
            raise LookupError("TOGGL_API_TOKEN is not set")
        if token not in self._apis:
            api = TogglAPI(self.settings.toggl_api_url, token, self.redis, timeout=self.settings.toggl_timeout,
                           interval=self.settings.toggl_request_interval,
                           on_response=partial(observe_toggl, admin=token == self.settings.toggl_api_token))
            if self.settings.toggl_workspace_id and self.settings.toggl_organization_id:
                api.quota.learn_organization(self.settings.toggl_workspace_id, self.settings.toggl_organization_id)
            self._apis[token] = api
        return self._apis[token]


    def webhooks_api(self) -> TogglAPI:
        """The admin token's client for Toggl's webhooks API (its own base URL; the token's pacing)."""
        key = "webhooks:" + (self.settings.toggl_api_token or "")
        if key not in self._apis:
            if not self.settings.toggl_api_token:
                raise LookupError("TOGGL_API_TOKEN is not set")
            self._apis[key] = TogglAPI(self.settings.toggl_webhooks_api_url, self.settings.toggl_api_token,
                                       self.redis, timeout=self.settings.toggl_timeout,
                                       interval=self.settings.toggl_request_interval,
                                       on_response=partial(observe_toggl, admin=True))
        return self._apis[key]


def observe_toggl(method: str, status: int | None, bucket: str, remaining: int | None, *, admin: bool) -> None:
    """Count a Toggl request; the admin token's quota per organization (a personal token's quota is
    its owner's and would make the gauge jump between people)."""
    organization = None
    if admin:  # a workspace whose organization is not known yet has no gauge
        organization = "me" if bucket == ME else str(organization_of(bucket) or "") or None
    metrics.toggl_response(method, status, organization, remaining)


def install(services: Services) -> None:
    """Make ``services`` the ones every job of this process uses."""
    global _installed
    _installed = services


def services_for(redis: Redis) -> Services:
    """This process's services (built from the environment on first use, on ``redis``)."""
    if _installed is None:
        install(Services(load_or_exit(), redis))
    return _installed
