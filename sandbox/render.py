"""Slack messages and views as terminal text: headers, sections, fields, context lines, buttons, forms."""
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
        if kind == "header":
            lines.append("── " + plain((block.get("text") or {}).get("text", ""), names) + " ──")
        elif kind == "section":
            if block.get("text"):
                lines.append(plain(block["text"].get("text", ""), names).strip("\n"))
            if (block.get("accessory") or {}).get("type") == "button":
                lines.append("  " + _button(block["accessory"]))
            for field in block.get("fields") or []:
                label, _, value = plain(field.get("text", ""), names).partition("\n")
                lines.append(f"  {label}: {value}")
        elif kind == "context":
            lines.extend("  (" + plain(e.get("text", ""), names) + ")" for e in block.get("elements", []))
        elif kind == "actions":
            lines.append("  " + "  ".join(_button(e) for e in block.get("elements", [])))
    return "\n".join(line for line in lines if line.strip())


def view_text(view: dict[str, Any], names: dict[str, str]) -> str:
    """A Home tab or a modal that holds no inputs (e.g. a "done" view): its title, blocks and close."""
    lines = []
    if view.get("type") == "modal":
        lines.append(f"▭ {plain((view.get('title') or {}).get('text', ''), names)}")
    lines.extend("  " + line for line in blocks_text(view.get("blocks"), "", names).splitlines())
    if view.get("type") == "modal" and not any(b.get("type") == "input" for b in view.get("blocks") or []):
        lines.append(f"  [{(view.get('close') or {}).get('text', 'Close')}]")
    return "\n".join(lines)


_WHAT_TO_TYPE = {
    "plain_text_input": "text", "users_select": "@name", "multi_users_select": "@name,@name",
    "datepicker": "YYYY-MM-DD", "external_select": "part of a name or an id (the bot offers the options)",
}


def form_text(view: dict[str, Any], names: dict[str, str]) -> str:
    """A modal with inputs: for each, what ``:submit <block id>=…`` takes (type, choices, optional)."""
    lines = [f"▭ {plain((view.get('title') or {}).get('text', ''), names)} ({view.get('callback_id', '')})"]
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            lines.extend("  " + line for line in blocks_text([block], "", names).splitlines())
            continue
        element = block.get("element") or {}
        kind = element.get("type", "?")
        label = plain((block.get("label") or {}).get("text", ""), names)
        optional = " (optional)" if block.get("optional") else ""
        lines.append(f"  {block.get('block_id')}: {label}{optional}")
        options = [*(element.get("options") or []),
                   *(o for group in element.get("option_groups") or [] for o in group.get("options") or [])]
        if options:
            what = "one of " + ", ".join(f"{o['value']} ({plain(o['text']['text'], names)})" for o in options)
        else:
            what = _WHAT_TO_TYPE.get(kind, "")
        initial = _initial(element, names)
        lines.append(f"      {kind}: {what}" + (f"; now {initial}" if initial else ""))
        if block.get("hint"):
            lines.append(f"      ({plain(block['hint'].get('text', ''), names)})")
    buttons = [(view.get(key) or {}).get("text") for key in ("submit", "close")]
    lines.append("  " + "  ".join(f"[{text}]" for text in buttons if text))
    return "\n".join(lines)


def _initial(element: dict[str, Any], names: dict[str, str]) -> str:
    """What the input holds before anyone types, as ``:submit`` would take it."""
    if element.get("initial_option"):
        return str(element["initial_option"].get("value", ""))
    users = [element["initial_user"]] if element.get("initial_user") else element.get("initial_users") or []
    if users:
        return ",".join("@" + names.get(user, user) for user in users)
    return str(element.get("initial_value") or element.get("initial_date") or "")


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
