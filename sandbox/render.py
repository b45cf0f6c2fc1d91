"""Slack messages as terminal text: sections, fields, context lines and buttons."""
from __future__ import annotations

import html
import re
from typing import Any, Callable

_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|[^>]*)?>")


def plain(text: str, names: dict[str, str]) -> str:
    """Slack mrkdwn → terminal text: ``<@U0ANN>`` → ``@ann``, ``&lt;`` → ``<``, no ``*``/``` fences."""
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text or "")
    text = _CHANNEL.sub(lambda m: "#" + names.get(m.group(1), m.group(1)), text)
    return html.unescape(text.replace("```", "").replace("*", ""))


def blocks_text(blocks: list[dict[str, Any]] | None, fallback: str, names: dict[str, str]) -> str:
    """The readable content of a message; buttons as ``[Approve]`` with their action id."""
    if not blocks:
        return plain(fallback, names)
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "section":
            if block.get("text"):
                lines.append(plain(block["text"].get("text", ""), names).strip("\n"))
            for field in block.get("fields") or []:
                label, _, value = plain(field.get("text", ""), names).partition("\n")
                lines.append(f"  {label}: {value}")
        elif kind == "context":
            lines.extend("  (" + plain(e.get("text", ""), names) + ")" for e in block.get("elements", []))
        elif kind == "actions":
            lines.append("  " + "  ".join(_button(e) for e in block.get("elements", [])))
    return "\n".join(line for line in lines if line.strip())


def _button(element: dict[str, Any]) -> str:
    label = (element.get("text") or {}).get("text", "?")
    return f"[{label}] ({element.get('action_id')} {element.get('value', '')})"


def event_text(event: dict[str, Any], names: dict[str, str],
               response_owner: Callable[[str], str | None]) -> str:
    """One line of header plus the body, for one recorded Slack event."""
    body = blocks_text(event.get("blocks"), event.get("text") or "", names)
    kind = event.get("kind")
    channel = event.get("channel") or ""
    if kind == "response":
        who = response_owner(event.get("url_id", "")) or "?"
        scope = "in the channel" if event.get("response_type") == "in_channel" else f"only @{who} sees"
        header = f"↳ reply ({scope})"
    elif kind == "chat.update":
        header = f"✎ message updated in {_where(channel, names)}"
    elif kind == "chat.postEphemeral":
        header = f"↳ to @{names.get(event.get('user') or '', '?')} only, in {_where(channel, names)}"
    else:
        header = f"● {_where(channel, names)}"
    return header + "\n" + "\n".join("    " + line for line in body.splitlines())


def _where(channel: str, names: dict[str, str]) -> str:
    if channel.startswith("D"):
        return f"direct message to @{names.get(channel, channel)}"
    return "#" + names.get(channel, channel)
