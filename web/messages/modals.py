"""The modals' views: a form as Block Kit inputs, what a submission shows, picker options.

Limits (docs.slack.dev reference/views/modal-views, block-elements): title,
submit and close at most 24 characters; an option's text at most 75 and its
value at most 150 characters, at most 100 options; private_metadata at most
3,000 characters; field errors are plain text.
"""
from __future__ import annotations

import json
from typing import Any

from bot.forms import Field, Form
from bot.messages.blocks import Message, context, section
from bot.messages.format import clip
from bot.messages.text import esc, plain

MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_ERROR_CHARS = 150


def _plain(text: str, limit: int = 2000) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(plain(text), limit)}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": _plain(label, MAX_OPTION_TEXT), "value": value[:150]}


def _element(spec: Field) -> dict[str, Any]:
    element: dict[str, Any] = {"action_id": spec.name}
    if spec.kind in ("text", "secret"):
        element["type"] = "plain_text_input"
    elif spec.kind == "users":
        element["type"] = "users_select"
    elif spec.kind == "multi_users":
        element["type"] = "multi_users_select"
    elif spec.kind == "select":
        element.update(type="static_select", options=[_option(v, label) for v, label in spec.choices])
        if not spec.optional:
            element["initial_option"] = _option(*spec.choices[0])
    elif spec.kind in ("project", "group"):
        element.update(type="external_select", min_query_length=1)
    elif spec.kind == "date":
        element["type"] = "datepicker"
    if spec.placeholder:
        element["placeholder"] = _plain(spec.placeholder, 150)
    return element


def form_view(form: Form, channel_id: str = "") -> dict[str, Any]:
    """The modal of ``form``; ``channel_id`` (where it was opened from, if anywhere) travels in
    private_metadata, so an approval card can go where the typed command's would."""
    blocks = []
    for spec in form.fields:
        block: dict[str, Any] = {"type": "input", "block_id": spec.name, "label": _plain(spec.label, 2000),
                                 "element": _element(spec), "optional": spec.optional}
        if spec.hint:
            block["hint"] = _plain(spec.hint, 2000)
        blocks.append(block)
    return {"type": "modal", "callback_id": form.callback_id, "title": _plain(form.title, 24),
            "submit": _plain(form.submit, 24), "close": _plain("Cancel", 24), "blocks": blocks,
            "private_metadata": json.dumps({"channel": channel_id}) if channel_id else ""}


def field_errors(errors: dict[str, str]) -> dict[str, Any]:
    """``response_action: errors``: the form stays open with each problem under its field."""
    return {"response_action": "errors",
            "errors": {name: (plain(text) if len(text) <= MAX_ERROR_CHARS else plain(text)[:MAX_ERROR_CHARS - 1] + "…")
                       for name, text in errors.items()}}


def submitted(form: Form, ack: Message) -> dict[str, Any]:
    """``response_action: update``: the form becomes what the typed command's ack would say."""
    blocks = list(ack.get("blocks") or [section(ack.get("text") or "")])[:20]
    blocks.append(context("The result comes to you as a direct message from the bot."))
    return {"response_action": "update",
            "view": {"type": "modal", "callback_id": f"{form.callback_id}_done", "title": _plain(form.title, 24),
                     "close": _plain("Done", 24), "blocks": blocks}}


def options(records: list[dict[str, Any]] | None, typed: str, *, describe=None) -> dict[str, Any]:
    """The options of an external select: records whose name holds what was typed (ids match too),
    active ones first, at most 100; none while the look-up is not cached yet."""
    wanted = typed.strip().casefold()
    found = [r for r in records or [] if r.get("id") and (wanted in str(r.get("name") or "").casefold()
                                                          or wanted == str(r["id"]))]
    found.sort(key=lambda r: (not r.get("active", True), str(r.get("name") or "").casefold()))
    return {"options": [_option(str(r["id"]), describe(r) if describe else str(r.get("name") or r["id"]))
                        for r in found[:MAX_OPTIONS]]}


def project_label(project: dict[str, Any], clients: dict[int, str]) -> str:
    """``Website (Globex)``, ``Old site (archived)``: plain text, as options are (client names when the
    clients are cached too)."""
    client = clients.get(int(project.get("client_id") or 0))
    extra = [client] if client else []
    if not project.get("active", True):
        extra.append("archived")
    return f"{project.get('name')}" + (f" ({', '.join(extra)})" if extra else "")


def not_opened(reason: str) -> Message:
    """Why a modal did not open (a direct message: the click has no other place to answer)."""
    return {"text": f"⚠️ The form could not be opened: {esc(reason)}. The typed command works the same: "
                    "`/toggl help` lists them."}
