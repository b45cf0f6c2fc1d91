"""Build and send correctly signed Slack requests: slash commands, interactivity, events.

Slash commands and interactivity payloads are ``application/x-www-form-urlencoded``
(interactivity as ``payload=<JSON>``: ``interaction_body``); Events API envelopes are
JSON (``event_body``). ``signed_headers`` signs a body with slack_sdk's
``SignatureVerifier``, the scheme the app verifies
(``v0=HMAC_SHA256(secret, "v0:<timestamp>:<body>")``).

Payload builders (dicts, shaped as Slack's reference pages and Bolt's own fixtures show):
``block_actions_payload`` (button on a message), ``view_block_actions`` (element in a
modal or Home tab), ``global_shortcut``, ``view_submission``, ``view_closed``,
``block_suggestion`` (options load), ``event_callback`` + ``app_home_opened``.
Their trigger ids come from ``new_trigger_id`` and are accepted by ``SlackFake`` for
3 seconds, once (see ``fakes.slack_triggers``).

Example::

    body = slash_command_body(text="users", response_url=slack.new_response_url())
    resp = post_signed(flask_app.test_client(), SIGNING_SECRET, body)

    view = slack.top_view("U0ADMIN1")
    submit = view_submission(view, {"rate_b": {"rate_a": "120"}}, user="U0ADMIN1")
    resp = post_signed(client, SIGNING_SECRET, interaction_body(submit))
    slack.apply_view_response(view["id"], resp.get_data(as_text=True))
"""

from __future__ import annotations

import base64
import copy
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Union
from urllib.parse import urlencode

import requests
from slack_sdk.signature import SignatureVerifier

from fakes import slack_triggers
from fakes.slack_views import find_element, min_query_length, render_state, state_value

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
JSON_CONTENT_TYPE = "application/json"
DEFAULT_TEAM_ID = "T0TEAM"
DEFAULT_TEAM_DOMAIN = "acme"
DEFAULT_APP_ID = "A0TOGGL"
DEFAULT_VERIFICATION_TOKEN = "xyzz0WbapA4vBCDEFasx0q6G"

Body = Union[str, bytes]


def new_trigger_id(user_id: Optional[str] = None, view_id: Optional[str] = None) -> str:
    """Return a unique trigger id shaped like Slack's (``"13345224609.738474920.8088…"``).

    It is issued through ``fakes.slack_triggers``, so a SlackFake in this process lets
    views.open / views.push exchange it once within 3 seconds (for ``user_id``; views.push
    stacks onto ``view_id``).
    """
    return slack_triggers.issue(user_id=user_id, view_id=view_id)


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
            self.trigger_id = new_trigger_id(self.user_id)
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
        "trigger_id": trigger_id or new_trigger_id(user_id),
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
    return interaction_body(block_actions_payload(action_id, value, **kwargs))


def interaction_body(payload: Mapping[str, Any]) -> str:
    """The form body Slack posts for an interactivity payload: ``payload=<JSON>``."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"), ensure_ascii=False)})


def event_body(envelope: Mapping[str, Any]) -> str:
    """The JSON body Slack posts for an Events API envelope (sign it with ``content_type=JSON_CONTENT_TYPE``)."""
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)


def signed_headers(secret: str, body: Body, timestamp: Union[str, int, None] = None,
                   content_type: str = FORM_CONTENT_TYPE) -> dict[str, str]:
    """Return Content-Type and Slack signature headers for ``body`` (timestamp defaults to now)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": str(signature),
    }


def guess_content_type(body: Body) -> str:
    """JSON for an Events API body (it starts with ``{``), else form-encoded."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return JSON_CONTENT_TYPE if text.lstrip().startswith("{") else FORM_CONTENT_TYPE


def post_signed(
    target: Any,
    secret: str,
    body: Body,
    path: str = "/slack/events",
    timestamp: Union[str, int, None] = None,
    extra_headers: Optional[dict[str, str]] = None,
    timeout: float = 10.0,
    content_type: Optional[str] = None,
) -> Any:
    """POST a signed ``body`` to ``path``.

    ``target`` is a base URL string (sent with ``requests.post``, returns a
    ``requests.Response``) or a Flask test client (returns its test response).
    ``content_type`` defaults to JSON for a body starting with ``{`` (events), else form.
    """
    content_type = content_type or guess_content_type(body)
    headers = {**signed_headers(secret, body, timestamp, content_type), **(extra_headers or {})}
    if isinstance(target, str):
        url = target.rstrip("/") + "/" + path.lstrip("/")
        data = body.encode("utf-8") if isinstance(body, str) else body
        return requests.post(url, data=data, headers=headers, timeout=timeout)
    return target.post(path, data=body, headers=headers)


# ---------------------------------------------------------------------------
# Shortcuts, views, options, events
# ---------------------------------------------------------------------------


def _user(user: str, user_name: Optional[str], team_id: str, *, with_name: bool = True) -> dict[str, Any]:
    """The ``user`` object of an interaction payload."""
    name = user_name or user.lower()
    fields: dict[str, Any] = {"id": user, "username": name}
    if with_name:
        fields["name"] = name
    fields["team_id"] = team_id
    return fields


def _envelope(user: str, user_name: Optional[str], team_id: str, team_domain: str, api_app_id: str,
              token: str) -> dict[str, Any]:
    return {"team": {"id": team_id, "domain": team_domain}, "user": _user(user, user_name, team_id),
            "api_app_id": api_app_id, "token": token}


def global_shortcut(
    callback_id: str,
    user: str = "U0ADMIN1",
    trigger_id: Optional[str] = None,
    *,
    user_name: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
) -> dict[str, Any]:
    """A global shortcut payload (``type: "shortcut"``): no channel, no response_url.

    Fields as the shortcuts payload page and Bolt's fixture show: type, token, action_ts,
    team {id, domain}, user {id, username, team_id}, is_enterprise_install, enterprise,
    callback_id, trigger_id.
    """
    return {
        "type": "shortcut",
        "token": token,
        "action_ts": _action_ts(),
        "team": {"id": team_id, "domain": team_domain},
        "user": _user(user, user_name, team_id, with_name=False),
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(user),
    }


def _view_with_state(view: Mapping[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
    echoed = copy.deepcopy(dict(view))
    echoed["state"] = {"values": copy.deepcopy(dict(state))}
    return echoed


def _action(block: Mapping[str, Any], element: Mapping[str, Any], value: Any) -> dict[str, Any]:
    """One ``actions[]`` entry for an element a person used, in Slack's shape for its type."""
    action: dict[str, Any] = {"type": element["type"], "block_id": block["block_id"],
                              "action_id": element["action_id"]}
    if element["type"] == "button":
        action["text"] = copy.deepcopy(element["text"])
        for key in ("value", "style", "url"):
            if key in element:
                action[key] = element[key]
    else:
        entry = state_value(element, value)
        entry.pop("type")
        action.update(entry)
        if "placeholder" in element:
            action["placeholder"] = copy.deepcopy(element["placeholder"])
    action["action_ts"] = _action_ts()
    return action


def view_block_actions(
    view: Mapping[str, Any],
    action_id: str,
    value: Any = None,
    *,
    block_id: Optional[str] = None,
    values: Optional[Mapping[str, Mapping[str, Any]]] = None,
    user: str = "U0ADMIN1",
    user_name: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
    trigger_id: Optional[str] = None,
) -> dict[str, Any]:
    """A ``block_actions`` payload for an element of a modal or Home tab ``view`` (as the fake stores it).

    ``container`` is ``{"type": "view", "view_id": …}``; the view comes back with its
    ``state.values`` (``values`` plus this element's ``value``, others as initially set).
    No channel, message or response_url: those belong to message containers.
    A button's value is its own; for other elements ``value`` is what the person chose.
    """
    block, element = find_element(view, action_id, block_id)
    given = {b: dict(a) for b, a in (values or {}).items()}
    if element["type"] != "button" and value is not None:
        given.setdefault(block["block_id"], {})[action_id] = value
    state = render_state(view, given, client_checks=False)
    return {
        "type": "block_actions",
        "user": _user(user, user_name, team_id),
        "api_app_id": api_app_id,
        "token": token,
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": trigger_id or new_trigger_id(user, view["id"]),
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "view": _view_with_state(view, state),
        "actions": [_action(block, element, value)],
    }


def view_submission(
    view: Mapping[str, Any],
    values: Optional[Mapping[str, Mapping[str, Any]]] = None,
    *,
    user: str = "U0ADMIN1",
    user_name: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
    trigger_id: Optional[str] = None,
    response_urls: Optional[list[dict[str, Any]]] = None,
    client_checks: bool = True,
) -> dict[str, Any]:
    """A ``view_submission`` payload for the modal ``view`` (as the fake stores it).

    ``values`` is ``{block_id: {action_id: value}}``: a str for plain_text_input (sent
    exactly as typed — Slack does not escape ``&``, ``<`` or ``>`` in input values, and
    mentions typed there stay plain text), a user id for users_select, a list for
    multi_users_select, an option value for static_select, an option value / (text, value)
    / option object for external_select, ``YYYY-MM-DD`` for datepicker. Elements not given
    submit their initial value or null. ``client_checks`` refuses what Slack's client
    would not send (a required input left empty, text outside min/max_length).
    """
    if view.get("type") != "modal":
        raise ValueError("only modals are submitted")
    state = render_state(view, values, client_checks=client_checks)
    return {
        "type": "view_submission",
        **_envelope(user, user_name, team_id, team_domain, api_app_id, token),
        "trigger_id": trigger_id or new_trigger_id(user, view["id"]),
        "view": _view_with_state(view, state),
        "response_urls": list(response_urls or []),
        "is_enterprise_install": False,
        "enterprise": None,
    }


def view_closed(
    view: Mapping[str, Any],
    *,
    is_cleared: bool = False,
    user: str = "U0ADMIN1",
    user_name: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
    client_checks: bool = True,
) -> dict[str, Any]:
    """A ``view_closed`` payload: sent only for views opened with ``notify_on_close: true``.

    No trigger_id (nothing can be opened from a closed view); ``is_cleared`` is true when
    the whole stack was closed at once.
    """
    if client_checks and not view.get("notify_on_close"):
        raise ValueError("Slack sends view_closed only for views with notify_on_close: true")
    return {
        "type": "view_closed",
        **_envelope(user, user_name, team_id, team_domain, api_app_id, token),
        "view": _view_with_state(view, render_state(view, client_checks=False)),
        "is_cleared": is_cleared,
        "is_enterprise_install": False,
        "enterprise": None,
    }


def block_suggestion(
    action_id: str,
    block_id: str,
    value: str,
    view: Mapping[str, Any],
    *,
    user: str = "U0ADMIN1",
    user_name: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
    client_checks: bool = True,
) -> dict[str, Any]:
    """A ``block_suggestion`` (options load) payload: the person typed ``value`` into an external_select.

    Slack posts it to the Options Load URL (manifest ``settings.interactivity.
    message_menu_options_url``) once at least ``min_query_length`` (default 3)
    characters are typed; ``client_checks`` refuses a shorter ``value``.
    """
    _block, element = find_element(view, action_id, block_id)
    if element["type"] != "external_select":
        raise ValueError(f"{action_id!r} is a {element['type']}, not an external_select")
    if client_checks and len(value) < min_query_length(element):
        raise ValueError(f"Slack asks for options only after {min_query_length(element)} characters")
    return {
        "type": "block_suggestion",
        "user": _user(user, user_name, team_id),
        "container": {"type": "view", "view_id": view["id"]},
        "api_app_id": api_app_id,
        "token": token,
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "view": _view_with_state(view, render_state(view, client_checks=False)),
    }


def app_home_opened(
    user: str = "U0ADMIN1",
    *,
    channel: Optional[str] = None,
    tab: str = "home",
    view: Optional[Mapping[str, Any]] = None,
    event_ts: Optional[str] = None,
) -> dict[str, Any]:
    """The inner ``app_home_opened`` event: {type, user, channel, tab, event_ts, view?}.

    Pass ``view=slack.home_view(user)``: Slack includes ``view`` only on the Home tab and
    only once a Home view was published. ``channel`` is the person's DM with the app
    (``slack.dm_channel(user)``).
    """
    event: dict[str, Any] = {"type": "app_home_opened", "user": user,
                             "channel": channel or f"D{user[1:]}", "tab": tab,
                             "event_ts": event_ts or f"{time.time_ns() // 1000}"}
    if view is not None and tab == "home":
        event["view"] = copy.deepcopy(dict(view))
    return event


def event_callback(
    event: Mapping[str, Any],
    *,
    team_id: str = DEFAULT_TEAM_ID,
    api_app_id: str = DEFAULT_APP_ID,
    token: str = DEFAULT_VERIFICATION_TOKEN,
    bot_user_id: str = "U0BOT",
    event_id: Optional[str] = None,
    event_time: Optional[int] = None,
) -> dict[str, Any]:
    """The Events API envelope around ``event`` (``type: "event_callback"``), sent as JSON.

    Fields per the event-object reference: token, team_id, api_app_id, event, type,
    event_id, event_time, authorizations (one entry: the installation's bot user),
    is_ext_shared_channel, event_context.
    """
    context = {"et": event.get("type"), "tid": team_id, "aid": api_app_id, "cid": event.get("channel")}
    encoded = base64.urlsafe_b64encode(json.dumps(context, separators=(",", ":")).encode()).decode().rstrip("=")
    return {
        "token": token,
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id or "Ev" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
                                              for _ in range(9)),
        "event_time": int(time.time()) if event_time is None else event_time,
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": bot_user_id,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
        "event_context": f"4-{encoded}",
    }
