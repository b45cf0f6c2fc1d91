"""Everything the worker sends to Slack: response_url posts and Web API calls."""
from __future__ import annotations

import logging
import time

import requests
from slack_sdk.errors import SlackApiError

from bot.messages.blocks import Message
from bot.settings import Settings
from bot.slack_client import web_client

log = logging.getLogger(__name__)


class SlackOut:
    """Posts results back to Slack; a dead ``response_url`` falls back to a DM or the channel."""

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.web = web_client(settings)  # retries 429 (after Retry-After) and 500/503
        self._session = session or requests.Session()

    def respond(self, response_url: str, message: Message, *, user_id: str = "",
                channel_id: str = "") -> bool:
        """Send ``message`` to the command's ``response_url``; True when Slack took it.

        Slack keeps a response_url for 30 minutes and 5 uses; after that an
        ephemeral result goes to the user as a DM and a public one to the channel.
        """
        if response_url and self._post_response(response_url, message):
            return True
        target = channel_id if message.get("response_type") == "in_channel" else ""
        try:
            if not target and user_id:
                target = self.web.conversations_open(users=user_id)["channel"]["id"]
            if target:
                self.post(target, message)
                return True
        except SlackApiError as error:
            log.warning("slack fallback post failed: %s", error.response.get("error"))
        return False

    def _post_response(self, url: str, message: Message) -> bool:
        for attempt in range(3):
            try:
                response = self._session.post(url, json=message, timeout=10)
            except requests.RequestException as error:
                log.warning("response_url post failed: %s", error.__class__.__name__)
            else:
                if response.ok:
                    return True
                log.warning("response_url answered %s", response.status_code)
                if response.status_code < 500:
                    return False
            time.sleep(0.5 * 2 ** attempt)
        return False

    def dm_channel(self, user_id: str) -> str:
        """The id of the bot's direct-message channel with ``user_id`` ("" when Slack will not open it)."""
        try:
            return self.web.conversations_open(users=user_id)["channel"]["id"]
        except SlackApiError as error:
            log.warning("conversations.open failed: %s", error.response.get("error"))
            return ""

    def dm(self, user_id: str, message: Message) -> bool:
        """A direct message to ``user_id``; True when Slack took it."""
        try:
            channel = self.web.conversations_open(users=user_id)["channel"]["id"]
            self.post(channel, message)
        except SlackApiError as error:
            log.warning("direct message failed: %s", error.response.get("error"))
            return False
        return True

    def post(self, channel: str, message: Message) -> str:
        """``chat.postMessage``; returns the message ``ts``."""
        body = {k: v for k, v in message.items() if k in ("text", "blocks")}
        return self.web.chat_postMessage(channel=channel, **body)["ts"]

    def update(self, channel: str, ts: str, message: Message) -> None:
        """``chat.update`` of an earlier message."""
        body = {k: v for k, v in message.items() if k in ("text", "blocks")}
        self.web.chat_update(channel=channel, ts=ts, **body)

    def email_of(self, slack_user_id: str) -> str | None:
        """The email of a Slack user (``users.info``; needs ``users:read.email``)."""
        try:
            user = self.web.users_info(user=slack_user_id)["user"]
        except SlackApiError as error:
            if error.response.get("error") == "user_not_found":
                return None
            raise
        return (user.get("profile") or {}).get("email")
