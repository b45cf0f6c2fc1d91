"""Build and send correctly signed Slack requests (slash commands, block actions).

Bodies are ``application/x-www-form-urlencoded`` strings shaped like the ones Slack
sends; ``signed_headers`` signs them with slack_sdk's ``SignatureVerifier``, the same
scheme the app verifies (``v0=HMAC_SHA256(secret, "v0:<timestamp>:<body>")``).

Example::

    body = slash_command_body(text="users", response_url=slack.new_response_url())
    resp = post_signed(flask_app.test_client(), SIGNING_SECRET, body)
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Union
from urllib.parse import urlencode

import requests
from slack_sdk.signature import SignatureVerifier

# Slack's documented signing example ("Verifying requests from Slack").
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = "1531420618"
DOC_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
DEFAULT_TEAM_ID = "T0TEAM"
DEFAULT_TEAM_DOMAIN = "acme"
DEFAULT_APP_ID = "A0TOGGL"
DEFAULT_VERIFICATION_TOKEN = "xyzz0WbapA4vBCDEFasx0q6G"

Body = Union[str, bytes]


def new_trigger_id() -> str:
    """Return a unique trigger id shaped like Slack's (``"13345224609.738474920.8088…"``)."""
    return f"{secrets.randbelow(10**12):012d}.{secrets.randbelow(10**11):011d}.{uuid.uuid4().hex}"


def fake_hooks_response_url(team_id: str = DEFAULT_TEAM_ID, kind: str = "commands") -> str:
    """Return a realistic-looking (but unreachable) hooks.slack.com response_url."""
    return f"https://hooks.slack.com/{kind}/{team_id}/{secrets.randbelow(10**12):012d}/{secrets.token_urlsafe(18)}"


_SPECIAL_MENTIONS = {"here", "channel", "everyone"}
_TYPED_MARKUP = re.compile(
    r"(?P<url>https?://[^\s\"“”<>]+)"
    r"|(?P<email>(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?<![\w@])@(?P<mention>[\w.-]+)"
    r"|(?<![\w#])#(?P<channel>[\w-]+)")


def slack_escape(typed: str, people: Mapping[str, str] | None = None,
                 channels: Mapping[str, str] | None = None) -> str:
    """The ``text`` Slack sends for a slash command a person ``typed`` (``should_escape: true``).

    ``&``, ``<`` and ``>`` become entities; links and email addresses become
    ``<https://…>`` and ``<mailto:a@b.co|a@b.co>``; ``@name`` of a known
    person (``people``: name → user id) becomes ``<@U…|name>``, ``@here``,
    ``@channel`` and ``@everyone`` become ``<!here>`` …; ``#name`` of a known
    channel becomes ``<#C…|name>``. Anything else stays as typed.
    """
    people, channels = people or {}, channels or {}
    text = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def markup(match: re.Match) -> str:
        if match["url"]:
            return f"<{match['url']}>"
        if match["email"]:
            return f"<mailto:{match['email']}|{match['email']}>"
        if match["mention"] is not None:
            name = match["mention"]
            if name in _SPECIAL_MENTIONS:
                return f"<!{name}>"
            return f"<@{people[name]}|{name}>" if name in people else match[0]
        name = match["channel"]
        return f"<#{channels[name]}|{name}>" if name in channels else match[0]

    return _TYPED_MARKUP.sub(markup, text)


def _action_ts() -> str:
    return f"{time.time():.6f}"


@dataclass
class SlashCommand:
    """The fields Slack posts for a slash command, with realistic defaults.

    ``text`` is what the person typed; the body carries it escaped as Slack
    does (``slack_escape``). ``wire_text`` sends a text exactly as given instead.
    """

    text: str = ""
    user_id: str = "U0ADMIN1"
    user_name: str = "ann"
    channel_id: str = "C0OPS"
    channel_name: str = "ops"
    team_id: str = DEFAULT_TEAM_ID
    team_domain: str = DEFAULT_TEAM_DOMAIN
    command: str = "/toggl"
    response_url: Optional[str] = None
    trigger_id: Optional[str] = None
    api_app_id: str = DEFAULT_APP_ID
    token: str = DEFAULT_VERIFICATION_TOKEN
    enterprise_id: Optional[str] = None
    enterprise_name: Optional[str] = None
    is_enterprise_install: bool = False
    people: Mapping[str, str] = field(default_factory=dict)  # Slack names → user ids, for typed @name
    wire_text: Optional[str] = None  # send exactly this as ``text`` (what Slack would never send)

    def __post_init__(self) -> None:
        if self.trigger_id is None:
            self.trigger_id = new_trigger_id()
        if self.response_url is None:
            self.response_url = fake_hooks_response_url(self.team_id)

    def fields(self) -> dict[str, str]:
        """Form fields in the order Slack sends them (enterprise fields only if set)."""
        fields: dict[str, str] = {"token": self.token, "team_id": self.team_id, "team_domain": self.team_domain}
        if self.enterprise_id:
            fields["enterprise_id"] = self.enterprise_id
            fields["enterprise_name"] = self.enterprise_name or ""
        fields.update(
            channel_id=self.channel_id,
            channel_name=self.channel_name,
            user_id=self.user_id,
            user_name=self.user_name,
            command=self.command,
            text=self.wire_text if self.wire_text is not None else slack_escape(self.text, self.people),
            api_app_id=self.api_app_id,
            is_enterprise_install="true" if self.is_enterprise_install else "false",
            response_url=str(self.response_url),
            trigger_id=str(self.trigger_id),
        )
        return fields

    def body(self) -> str:
        """The url-encoded request body."""
        return urlencode(self.fields())


def slash_command_body(text: str = "", **overrides: Any) -> str:
    """Return a form-encoded slash-command body; keyword overrides are ``SlashCommand`` fields."""
    return SlashCommand(text=text, **overrides).body()


def _button(action_id: str, value: str, label: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "value": value,
    }


def block_actions_payload(
    action_id: str,
    value: str,
    *,
    user_id: str = "U0ADMIN1",
    user_name: str = "ann",
    channel_id: str = "C0OPS",
    channel_name: str = "ops",
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    message_ts: str = "1700000000.000100",
    message_text: str = "",
    message_blocks: Optional[list[dict[str, Any]]] = None,
    block_id: Optional[str] = None,
    button_text: str = "Click",
    bot_user_id: str = "U0BOT",
    bot_id: str = "B0BOT",
    response_url: Optional[str] = None,
    trigger_id: Optional[str] = None,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
) -> dict[str, Any]:
    """Return a realistic ``block_actions`` payload for a button click on a bot message.

    Without ``message_blocks`` the message holds one actions block containing the button.
    """
    block_id = block_id or secrets.token_urlsafe(4)
    button = _button(action_id, value, button_text)
    if message_blocks is None:
        message_blocks = [{"type": "actions", "block_id": block_id, "elements": [button]}]
    return {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": api_app_id,
        "token": token,
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id, "is_ephemeral": False},
        "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "message": {
            "type": "message",
            "subtype": "bot_message",
            "text": message_text,
            "ts": message_ts,
            "bot_id": bot_id,
            "user": bot_user_id,
            "blocks": message_blocks,
        },
        "state": {"values": {}},
        "response_url": response_url or fake_hooks_response_url(team_id, kind="actions"),
        "actions": [{**button, "block_id": block_id, "action_ts": _action_ts()}],
    }


def block_actions_body(action_id: str, value: str, **kwargs: Any) -> str:
    """Return the form body Slack posts for a button click: ``payload=<JSON>``.

    Keyword arguments are those of ``block_actions_payload``.
    """
    payload = block_actions_payload(action_id, value, **kwargs)
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


def signed_headers(secret: str, body: Body, timestamp: Union[str, int, None] = None) -> dict[str, str]:
    """Return Content-Type and Slack signature headers for ``body`` (timestamp defaults to now)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "Content-Type": FORM_CONTENT_TYPE,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": str(signature),
    }


def post_signed(
    target: Any,
    secret: str,
    body: Body,
    path: str = "/slack/events",
    timestamp: Union[str, int, None] = None,
    extra_headers: Optional[dict[str, str]] = None,
    timeout: float = 10.0,
) -> Any:
    """POST a signed ``body`` to ``path``.

    ``target`` is a base URL string (sent with ``requests.post``, returns a
    ``requests.Response``) or a Flask test client (returns its test response).
    """
    headers = {**signed_headers(secret, body, timestamp), **(extra_headers or {})}
    if isinstance(target, str):
        url = target.rstrip("/") + "/" + path.lstrip("/")
        data = body.encode("utf-8") if isinstance(body, str) else body
        return requests.post(url, data=data, headers=headers, timeout=timeout)
    return target.post(path, data=body, headers=headers)
