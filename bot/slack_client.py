"""The one way the bot builds a Slack Web API client: with slack_sdk's own retry handlers.

slack_sdk retries only dropped connections by default. Every ``WebClient`` made here
also retries HTTP 429 after waiting the ``Retry-After`` seconds Slack sends (plus up to
1 s of jitter), and HTTP 500/503 after a short back-off (0.5 s, then 1 s, plus jitter),
with ``RateLimitErrorRetryHandler`` and ``ServerErrorRetryHandler``; see
https://docs.slack.dev/tools/python-slack-sdk/reference/http_retry/builtin_handlers.html
The handlers share one attempt count per call, so a call is sent at most
``1 + RATE_LIMIT_RETRIES`` times; after that slack_sdk raises ``SlackApiError`` as usual.
"""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

from bot.settings import Settings

RATE_LIMIT_RETRIES = 2
SERVER_ERROR_RETRIES = 2


def retry_handlers() -> list[RetryHandler]:
    """slack_sdk's default connection-error handler, then 429 and 500/503 handlers."""
    return [
        ConnectionErrorRetryHandler(),
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
    ]


def web_client(settings: Settings, token: str | None = None, *, timeout: float = 10) -> WebClient:
    """A ``WebClient`` on ``settings.slack_api_url`` that retries 429, 500 and 503.

    ``token`` defaults to ``settings.slack_bot_token``; ``""`` gives a client with no token (Bolt's
    pattern for each request's client, whose token comes from ``authorize``); ``timeout`` is per
    attempt, in seconds.
    """
    return WebClient(
        token=(token if token is not None else settings.slack_bot_token) or None,
        base_url=settings.slack_api_url,
        timeout=timeout,  # seconds per attempt; urllib takes a float
        retry_handlers=retry_handlers(),
    )
