"""Where to answer a button click, kept out of job data and logs.

A ``response_url`` lets anyone post into its channel for 30 minutes, so a
job never carries one: the web process keeps it in Redis under a random id
for as long as Slack honours it, and the job carries the id.
"""
from __future__ import annotations

import secrets

from redis import Redis
from redis.client import Pipeline

PREFIX = "togglbot:reply:"
TTL = 30 * 60  # Slack's lifetime of a response_url


def hold(redis: Redis | Pipeline, response_url: str) -> str:
    """Keep ``response_url``; the id a job may carry instead of it."""
    reply_id = secrets.token_urlsafe(12)
    redis.set(PREFIX + reply_id, response_url, ex=TTL)
    return reply_id


def take(redis: Redis, reply_id: str) -> str | None:
    """The response_url kept under ``reply_id`` (used once), or None."""
    url = redis.getdel(PREFIX + reply_id)
    return url.decode() if url else None
