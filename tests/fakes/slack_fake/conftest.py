"""Fixtures of the Slack fake's tests: one running fake per module, emptied for every test."""

from __future__ import annotations

from typing import Iterator

import pytest
from slack_sdk import WebClient

from fakes.slack import SlackFake
from tests.fakes.slack_fake.helpers import ADMIN, MEMBER, TOKEN


@pytest.fixture(scope="module")
def server() -> Iterator[SlackFake]:
    """One running fake per test module."""
    with SlackFake(bot_token=TOKEN) as fake:
        yield fake


@pytest.fixture
def slack(server: SlackFake) -> SlackFake:
    """The module's fake, emptied, with two people."""
    server.clear()
    server.trigger_ttl = 3.0
    server.add_user(ADMIN, email="ann@acme.test", real_name="Ann Admin", name="ann")
    server.add_user(MEMBER, email="bob@acme.test", real_name="Bob Member", name="bob")
    return server


@pytest.fixture
def client(slack: SlackFake) -> WebClient:
    """A slack_sdk client pointed at the fake, without retries."""
    return WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
