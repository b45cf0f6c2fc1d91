"""Driving the bot in tests: signed slash commands in, Slack messages out."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Flask

from fakes.slack import ResponsePost, SlackFake
from fakes.slack_requests import SlashCommand, block_actions_body, post_signed
from fakes.toggl import TogglFake


@dataclass
class Sent:
    """A slash command that was posted: the ack and where its results go."""

    status: int
    ack: dict[str, Any]
    response_url: str
    trigger_id: str

    @property
    def ack_text(self) -> str:
        """The ack's text (ephemeral)."""
        return self.ack.get("text", "")

    @property
    def ref(self) -> str:
        """The ref of the ack: last in ``⏳ … — ref abc123``, first in ``🛂 Approval requested — ref
        abc123: …`` and ``This request was already received as ref abc123 …``."""
        found = re.findall(r"\bref ([a-z2-7]{6})\b", self.ack_text)
        return found[-1] if self.ack_text.startswith("⏳") else found[0]


@dataclass
class Clicked:
    """A button press: the HTTP status and where the clicker's answers go."""

    status: int
    response_url: str


class BotDriver:
    """Posts signed requests to the Flask app (in-process) and waits for results."""

    def __init__(self, app: Flask, slack: SlackFake, toggl: TogglFake, secret: str):
        self.app = app
        self.http = app.test_client()
        self.slack = slack
        self.toggl = toggl
        self.secret = secret

    def command(self, text: str, user: str = "U0ADMIN1", channel: str = "C0OPS",
                trigger_id: str | None = None) -> Sent:
        """Send ``/toggl <text>`` as ``user`` typed it: escaped and signed as Slack does (``@cat`` →
        ``<@U0MEMBER|cat>``, emails → mailto links, ``&`` → ``&amp;``)."""
        slash = SlashCommand(text=text, user_id=user, channel_id=channel, people=self.slack.people(),
                             response_url=self.slack.new_response_url(), trigger_id=trigger_id)
        return self.send(slash)

    def send(self, slash: SlashCommand) -> Sent:
        """Post an already-built slash command."""
        response = post_signed(self.http, self.secret, slash.body())
        ack = response.get_json(silent=True) or {"text": response.get_data(as_text=True)}
        return Sent(response.status_code, ack, str(slash.response_url), str(slash.trigger_id))

    def result(self, sent: Sent, timeout: float = 20.0) -> dict[str, Any]:
        """The command's final message (interim ones skipped)."""
        def final() -> ResponsePost | None:
            finals = self.slack.final_responses(sent.response_url)
            return finals[0] if finals else None

        return self.slack.wait_for(final, timeout=timeout).body

    def finals(self, sent: Sent) -> list[dict[str, Any]]:
        """Every non-interim message posted for the command so far."""
        return [post.body for post in self.slack.final_responses(sent.response_url)]

    def card(self, ref: str, timeout: float = 20.0) -> dict[str, Any]:
        """The approval card of ``ref`` as posted (channel, ts, blocks)."""
        def posted() -> dict[str, Any] | None:
            for call in self.slack.calls_to("chat.postMessage"):
                if f"ref {ref}" in str(call.args.get("text", "")) and "approval_approve" in str(call.args):
                    return call.args
            return None

        args = self.slack.wait_for(posted, timeout=timeout)
        message = next(m for m in self.slack.messages if m["channel"] == args["channel"]
                       and f"ref {ref}" in str(m.get("text")))
        return {**args, "ts": message["ts"]}

    def click(self, action_id: str, ref: str, user: str, card: dict[str, Any] | None = None) -> Clicked:
        """Press a card button as ``user`` (a signed ``block_actions`` payload)."""
        response_url = self.slack.new_response_url()
        body = block_actions_body(action_id, ref, user_id=user, response_url=response_url,
                                  channel_id=(card or {}).get("channel", "C0OPS"),
                                  message_ts=(card or {}).get("ts", "1700000000.000100"))
        response = post_signed(self.http, self.secret, body)
        return Clicked(response.status_code, response_url)

    # -- App Home and modals ---------------------------------------------------

    def shortcut(self, callback_id: str, user: str = "U0ADMIN1") -> dict[str, Any]:
        """Use a global shortcut as ``user``; the modal the bot opened for them."""
        from fakes.slack_requests import global_shortcut, interaction_body

        body = interaction_body(global_shortcut(callback_id, user, self.slack.new_trigger_id(user)))
        response = post_signed(self.http, self.secret, body)
        assert response.status_code == 200, response.get_data(as_text=True)
        return self.slack.wait_for(lambda: self.slack.top_view(user))

    def submit(self, view: dict[str, Any], values: dict[str, Any], user: str = "U0ADMIN1",
               client_checks: bool = True) -> dict[str, Any]:
        """Submit the modal ``view`` with ``{field: value}`` (block id = action id = field); the bot's
        answer, as Slack applied it (``action``, ``errors``, ``view``)."""
        from fakes.slack_requests import interaction_body, view_submission

        payload = view_submission(view, {name: {name: value} for name, value in values.items()}, user=user,
                                  client_checks=client_checks)
        response = post_signed(self.http, self.secret, interaction_body(payload))
        assert response.status_code == 200, response.get_data(as_text=True)
        applied = self.slack.apply_view_response(view["id"], response.get_data(as_text=True))
        assert not applied.problems, applied.problems
        return {"action": applied.action, "errors": applied.errors, "view": applied.view}

    def suggest(self, view: dict[str, Any], field: str, typed: str, user: str = "U0ADMIN1") -> list[dict]:
        """Type ``typed`` into the external select ``field``; the options the bot offered."""
        from fakes.slack_requests import block_suggestion, interaction_body

        body = interaction_body(block_suggestion(field, field, typed, view, user=user))
        response = post_signed(self.http, self.secret, body)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["options"]

    def open_home(self, user: str = "U0ADMIN1") -> None:
        """``user`` opens the bot's Home tab (an ``app_home_opened`` event)."""
        from fakes.slack_requests import app_home_opened, event_body, event_callback

        event = app_home_opened(user, channel=self.slack.dm_channel(user), view=self.slack.home_view(user))
        response = post_signed(self.http, self.secret, event_body(event_callback(event)))
        assert response.status_code == 200, response.get_data(as_text=True)

    def home(self, user: str, until: Any = None, timeout: float = 20.0) -> dict[str, Any]:
        """``user``'s published Home view, once ``until(text of its blocks)`` holds."""
        def ready() -> dict[str, Any] | None:
            view = self.slack.home_view(user)
            return view if view and (until is None or until(str(view["blocks"]))) else None
        return self.slack.wait_for(ready, timeout=timeout)

    def press(self, view: dict[str, Any], action_id: str, value: str, user: str = "U0ADMIN1") -> int:
        """Press the button ``action_id`` with ``value`` on a Home or modal ``view``."""
        from fakes.slack_requests import interaction_body, view_block_actions

        block_id = next(b["block_id"] for b in view["blocks"]
                        for e in (b.get("elements") or []) + ([b["accessory"]] if b.get("accessory") else [])
                        if e.get("action_id") == action_id and e.get("value") == value)
        payload = view_block_actions(view, action_id, block_id=block_id, user=user)
        return post_signed(self.http, self.secret, interaction_body(payload)).status_code

    def told(self, clicked: Clicked, timeout: float = 20.0) -> str:
        """The ephemeral answer to a click."""
        return self.slack.wait_for_responses(clicked.response_url, timeout=timeout)[0].body["text"]

    def dms_to(self, user: str) -> list[dict[str, Any]]:
        """Direct messages the bot sent to ``user``."""
        dm_channel = self.slack_dm_channel(user)
        return [c.args for c in self.slack.calls_to("chat.postMessage") if c.args.get("channel") == dm_channel]

    def slack_dm_channel(self, user: str) -> str:
        """The IM channel id the Slack fake gives ``user``."""
        from slack_sdk import WebClient

        return WebClient(token=self.slack.bot_token, base_url=self.slack.api_url) \
            .conversations_open(users=user)["channel"]["id"]


def writes(toggl: TogglFake) -> list[tuple[str, str, Any]]:
    """Every request to Toggl that is not a GET, as (method, path, JSON body)."""
    return [(r.method, r.path, r.json) for r in toggl.requests if r.method != "GET"]


def wid(toggl: TogglFake) -> int:
    """The demo workspace's id."""
    return toggl.demo["workspace"]["id"]


def assert_success(result: dict[str, Any], sent: Sent) -> None:
    """A change's final message: ✅, for the whole channel, naming the ref."""
    assert result["text"].startswith("✅"), result["text"]
    assert result["response_type"] == "in_channel"
    assert f"ref {sent.ref}" in result["text"]


def assert_failure(result: dict[str, Any], sent: Sent) -> None:
    """A failure's final message: ❌, only for the requester, naming the ref."""
    assert result["text"].startswith("❌"), result["text"]
    assert result["response_type"] == "ephemeral"
    assert f"ref {sent.ref}" in result["text"]


def env_without_approvals():
    """An ``env`` fixture for modules whose commands must run straight away:
    ``env = env_without_approvals()`` (approvals have tests of their own)."""
    import pytest

    @pytest.fixture
    def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
        monkeypatch.setenv("TOGGLBOT_APPROVAL_REQUIRED", "")
        return {**env, "TOGGLBOT_APPROVAL_REQUIRED": ""}

    return env


def wait_until_quota_resets(redis, token: str, timeout: float = 30.0) -> None:
    """Wait until the bot no longer counts ``token``'s Toggl quota as used up (as Toggl last said)."""
    import time

    from toggl.pacing import token_key
    from toggl.quota import QuotaBook

    book, deadline = QuotaBook(redis), time.monotonic() + timeout
    while book.closed(token_key(token)):
        assert time.monotonic() < deadline, "the quota did not reset"
        time.sleep(0.1)


def run_scheduled_now(redis) -> list[str]:
    """Move the bot's scheduled jobs (quota deferrals, expiries) to the front of the queue, as if
    their time had come; the delay itself is checked by the caller. Returns the job ids."""
    from rq import Queue
    from rq.registry import ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    queue = Queue("togglbot", connection=redis, serializer=JSONSerializer)
    registry = ScheduledJobRegistry(queue=queue)
    moved = []
    for job_id in registry.get_job_ids():
        job = queue.fetch_job(job_id)
        if job is not None and not job_id.startswith("expire-"):
            registry.remove(job)
            queue.enqueue_job(job, at_front=True)
            moved.append(job_id)
    return moved


def scheduled_in(redis, job_id: str) -> float:
    """Seconds from now until the scheduled job ``job_id`` runs."""
    import time

    score = redis.zscore("rq:scheduled:togglbot", job_id)
    return float(score) - time.time()
