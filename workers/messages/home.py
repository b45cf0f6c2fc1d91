"""The App Home view (SPEC §15): a desk for admins and approvers, the connection and refs for everyone.

A Home view holds at most 100 blocks (docs.slack.dev reference/views/home-tab-views);
the sections below stay under it: 10 requests × 3 blocks, 10 changes, a few headers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.approvals import APPROVE_ACTION, REJECT_ACTION
from bot.forms import open_button
from bot.home import CHANGE_UNDO
from bot.messages.blocks import context, section
from bot.messages.format import clip, when
from bot.messages.plans import plan_lines
from bot.messages.text import esc, mention, plain
from bot.plans import Plan
from bot.refs import RefRecord
from workers.messages.digest import QuotaLeft, bucket_words, left_words

MAX_REQUESTS = 10
MAX_CHANGES = 10
STATE_WORDS = {"queued": "⏳ queued", "awaiting_approval": "🛂 awaiting approval", "running": "⚙️ running",
               "deferred": "⏸ deferred", "done": "✅ done", "failed": "❌ failed", "expired": "expired",
               "rejected": "rejected", "cancelled": "cancelled"}


@dataclass
class Change:
    """One of the latest changes: its audit entry, and whether the person may undo it now."""

    entry: dict[str, str]
    undoable: bool = False


@dataclass
class Desk:
    """Everything one person's Home shows (``requests`` etc. only for admins and approvers)."""

    user_id: str
    connected: bool | None  # None: a token is stored but cannot be read any more
    refs: list[RefRecord] = field(default_factory=list)
    forms: list[tuple[str, str, str]] = field(default_factory=list)  # action id, callback id, title
    desk: bool = False  # an admin or approver: requests, changes and quota below
    requests: list[tuple[RefRecord, bool]] = field(default_factory=list)  # (request, may decide)
    more_requests: int = 0
    changes: list[Change] = field(default_factory=list)
    quota: list[QuotaLeft] = field(default_factory=list)


def _button(action_id: str, text: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {"type": "button", "action_id": action_id, "value": value,
              "text": {"type": "plain_text", "text": clip(plain(text), 75)}}
    if style:
        button["style"] = style
    return button


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(plain(text), 150)}}


def home_view(desk: Desk) -> dict[str, Any]:
    """The ``views.publish`` view of ``desk``."""
    blocks: list[dict[str, Any]] = [_header("Toggl Ops Bot")]
    blocks += _connection(desk)
    if desk.forms:
        blocks.append({"type": "actions", "block_id": "forms", "elements": [
            _button(action_id, f"{title}…", callback_id) for action_id, callback_id, title in desk.forms[:5]]})
    if desk.desk:
        blocks += _requests(desk) + _changes(desk) + _quota(desk)
    blocks += _refs(desk)
    return {"type": "home", "callback_id": "toggl_home", "blocks": blocks[:100]}


def _connection(desk: Desk) -> list[dict[str, Any]]:
    if desk.connected:
        text = "✅ Your Toggl account is connected: `/toggl me`, `/toggl profile set …` use it."
        return [section(text)]
    text = ("Your Toggl account is not connected. Connect it to use `/toggl me` and `/toggl profile set`."
            if desk.connected is False else
            "Your stored Toggl token can no longer be read (the bot's key changed). Connect again.")
    return [{**section(text), "accessory": _button(open_button("toggl_connect"), "Connect Toggl…", "toggl_connect",
                                                   "primary")}]


def _requests(desk: Desk) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_header(f"Waiting for approval ({len(desk.requests) + desk.more_requests})")]
    if not desk.requests:
        return blocks + [context("Nothing is waiting for a decision.")]
    for record, may_decide in desk.requests[:MAX_REQUESTS]:
        lines = [f"🛂 *ref {record.ref}* — {record.summary}",
                 f"asked by {mention(record.user_id)}, expires {when(record.expires_at)}"]
        if record.plan:
            lines += plan_lines(Plan.from_dict(record.plan))[:8]
        blocks.append(section("\n".join(lines)))
        if may_decide:
            blocks.append({"type": "actions", "block_id": f"home-approval-{record.ref}", "elements": [
                _button(APPROVE_ACTION, "Approve", record.ref, "primary"),
                _button(REJECT_ACTION, "Reject", record.ref, "danger")]})
        else:
            blocks.append(context("Your own request: another approver decides it."
                                  if record.user_id == desk.user_id else "You cannot decide this one."))
    if desk.more_requests:
        blocks.append(context(f"{desk.more_requests} more: `/toggl approvals` lists them all."))
    return blocks


def _changes(desk: Desk) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_header("Latest changes")]
    if not desk.changes:
        return blocks + [context("The bot has made no changes yet.")]
    for change in desk.changes[:MAX_CHANGES]:
        entry = change.entry
        what = entry.get("changes") or entry.get("summary", "")  # audit entries hold escaped text already
        approved = f", approved by {mention(entry['approved_by'])}" if entry.get("approved_by") else ""
        text = (f"*ref {esc(entry.get('ref'))}* {mention(entry.get('user_id', ''))}: {what}{approved}\n"
                f"{entry.get('outcome', '')} — {when(float(entry.get('at') or 0))}")
        block = section(text)
        if change.undoable:
            block["accessory"] = _button(CHANGE_UNDO, "Undo", str(entry.get("ref")))
        blocks.append(block)
    return blocks


def _quota(desk: Desk) -> list[dict[str, Any]]:
    lines = [f"• {bucket_words(q)}: {left_words(q)}" for q in desk.quota]
    return [_header("Toggl requests left this hour"),
            section("\n".join(lines) if lines else "Toggl has not been asked anything this hour.")]


def _refs(desk: Desk) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_header("Your latest commands")]
    if not desk.refs:
        return blocks + [context("None yet. `/toggl help` lists what you can do.")]
    lines = [f"• ref {r.ref}: {r.summary} — *{STATE_WORDS.get(r.state, r.state)}*" for r in desk.refs[:5]]
    return blocks + [section("\n".join(lines)), context("`/toggl status &lt;ref&gt;` tells more about one.")]
