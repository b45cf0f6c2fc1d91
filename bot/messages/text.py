"""The one escaping helper: text from a person or from Toggl, made safe for Slack.

Slack reads ``&``, ``<`` and ``>`` as markup: a name like ``<!channel>`` would
ping a channel, ``<https://evil.example|Re-login>`` would show a disguised
link. Every message builder passes every string it did not write itself
through :func:`esc`, which escapes those three characters and shows line
breaks and other control characters as spaces, so a value cannot forge a line
of its own. The only markup in the bot's output is what it writes itself
(the ``<@U…>`` of a requester, approver or target, made by :func:`mention`).
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def esc(value: object) -> str:
    """``value`` as safe mrkdwn text on one line."""
    text = _CONTROL.sub(" ", "" if value is None else str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(value: object) -> str:
    """``value`` for a ``plain_text`` object (labels, options): on one line; Slack shows ``&``, ``<`` and
    ``>`` there as typed, so they are left alone."""
    return _CONTROL.sub(" ", "" if value is None else str(value))


def mention(user_id: str) -> str:
    """``<@U123>`` for a Slack user id (only ids are ever mentioned, and only well-formed ones)."""
    return f"<@{user_id}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", user_id or "") else esc(user_id)


def channel_link(channel_id: str) -> str:
    """``<#C123>`` for a Slack channel id (only well-formed ids become links)."""
    return f"<#{channel_id}>" if re.fullmatch(r"[CGD][A-Z0-9]{2,20}", channel_id or "") else esc(channel_id)
