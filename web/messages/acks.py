"""What the HTTP response to a slash command says (SPEC §5: always ephemeral)."""
from __future__ import annotations

import time

from bot.catalogue import CommandSpec
from bot.messages import common
from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.format import when
from bot.messages.plans import plan_inline
from bot.messages.text import esc, mention, plain
from bot.parsing.problems import UsageError
from bot.plans import Plan
from bot.refs import RefRecord, State

STATE_WORDS = {
    State.QUEUED: "⏳ queued", State.AWAITING_APPROVAL: "🛂 awaiting approval", State.RUNNING: "⚙️ running",
    State.DEFERRED: "⏸ deferred (Toggl quota)", State.DONE: "done", State.FAILED: "failed",
    State.EXPIRED: "expired", State.REJECTED: "rejected", State.CANCELLED: "cancelled",
}


def queued(summary: str, ref: str) -> Message:
    """The command was accepted and queued."""
    return ephemeral(f"⏳ {summary} — ref {ref}")


def queued_secret_typed(summary: str, ref: str) -> Message:
    """``connect <token>`` typed: accepted, with the safer way for next time."""
    text = f"⏳ {summary} — ref {ref}"
    tip = ("Next time use the *Connect Toggl* form (the button in `/toggl help` or on the bot's Home tab, "
           "or the shortcut): the token then never goes into a message box.")
    return ephemeral(f"{text}\n{tip}", section(text), context(tip))


def duplicate(ref: str, state: str) -> Message:
    """The same Slack request arrived again; it is not run twice."""
    return ephemeral(f"This request was already received as ref {ref} "
                     f"({STATE_WORDS.get(state, state)}); it runs only once.")


def usage_error(error: UsageError) -> Message:
    """Invalid text: what is wrong, and the usage line."""
    text = f"⚠️ {esc(error.message)}"
    if error.usage:
        usage = f"Usage: `{esc(error.usage)}`"
        return ephemeral(f"{text}\n{usage}", section(text), context(usage))
    return ephemeral(text)


def refused(spec: CommandSpec) -> Message:
    """The caller may not run this command."""
    return ephemeral(f"🚫 `/toggl {spec.title}` is only for the bot's Toggl "
                     "admins (TOGGLBOT_ADMINS). Nothing was changed.")


def workspace_not_allowed(workspace_id: int) -> Message:
    """``ws=`` names a workspace this bot is not set up to act on."""
    return ephemeral(f"🚫 This bot does not act on workspace {workspace_id}; ask the bot's operator if it "
                     "should. Nothing was changed.")


def queue_unavailable() -> Message:
    """Redis did not answer while acking."""
    return ephemeral("⚠️ The queue is unavailable, nothing was changed. Please try again in a minute.")


def unexpected_error() -> Message:
    """A bug while acking (details in the web log)."""
    return ephemeral("⚠️ Something went wrong on our side; nothing was changed. The details are in "
                     "the bot's log.")


def not_configured(what: str) -> Message:
    """A setting the command needs is missing."""
    return ephemeral(f"⚠️ This bot is not set up for that yet: {esc(what)}. Nothing was changed.")


def help_text(specs: list[CommandSpec], topic: CommandSpec | None = None,
              forms: list[tuple[str, str, str]] = ()) -> Message:
    """Usage of the commands the caller may run (or of one of them), with a button per form they may
    use (``forms``: action id, callback id, title)."""
    if topic is not None:
        return ephemeral(f"`{esc(topic.usage)}`\n{esc(topic.about)}")
    lines = [f"• `{esc(spec.usage)}` — {esc(spec.about)}" for spec in specs]
    text = "*Toggl Ops Bot* — what you can do:\n" + "\n".join(lines)
    blocks = [section(text),
              context(esc("Add `ws=<id>` to act on another workspace. `/toggl help <command>` for one."))]
    if forms:
        blocks.append(form_buttons(forms))
    return ephemeral(text, *blocks)


def form_buttons(forms: list[tuple[str, str, str]]) -> dict:
    """An actions block: one button per form (``action id, callback id, title``)."""
    return {"type": "actions", "block_id": "forms",
            "elements": [{"type": "button", "action_id": action_id, "value": callback_id,
                          "text": {"type": "plain_text", "text": plain(f"{title}…")[:75]}}
                         for action_id, callback_id, title in forms[:25]]}


def disconnected(had_token: bool) -> Message:
    """``disconnect`` is done."""
    if had_token:
        return ephemeral(esc("✅ Your Toggl token is forgotten. `/toggl connect <token>` links it again."))
    return ephemeral("There was no Toggl token stored for you; nothing to forget.")


def status(record: RefRecord) -> Message:
    """Where one ref stands."""
    return ephemeral(_status_line(record))


def status_list(records: list[RefRecord]) -> Message:
    """The caller's recent refs."""
    if not records:
        return ephemeral("You have no recent commands.")
    return ephemeral("Your recent commands:\n" + "\n".join(_status_line(r) for r in records))


def unknown_ref(ref: str) -> Message:
    """``status`` of a ref that does not exist (or is not the caller's)."""
    return ephemeral(f"There is no ref {ref} of yours (refs are kept for 14 days).")


def _status_line(record: RefRecord) -> str:
    state = record.state
    line = f"ref {record.ref}: {record.summary} — *{STATE_WORDS.get(state, state)}*"
    if record.user_id:
        line += f"\n• asked by {mention(record.user_id)} {_ago(record.created_at)}"
    if state == State.AWAITING_APPROVAL and record.expires_at:
        line += f"\n• expires {_ago(record.expires_at)}"
    if record.decided_at and record.decided_by:
        verb = state if state in (State.REJECTED, State.CANCELLED) else "approved"
        line += f"\n• {verb} by {mention(record.decided_by)} {_ago(record.decided_at)}"
    if record.plan:
        line += f"\n• plan: {plan_inline(Plan.from_dict(record.plan))}"
    line += f"\n• last change {_ago(record.updated_at)}"
    if record.detail:
        line += f"\n> {record.detail}"
    return line


def _ago(timestamp: float) -> str:
    seconds = int(time.time() - timestamp)
    stamp = when(timestamp)
    if seconds < 0:
        return f"at {stamp}"
    if seconds < 60:
        return f"{seconds}s ago ({stamp})"
    if seconds < 3600:
        return f"{seconds // 60} min ago ({stamp})"
    return f"at {stamp}"


def not_connected() -> Message:
    """A personal command from someone who has not linked a Toggl token."""
    return ephemeral(common.not_connected())


def token_lost() -> Message:
    """The caller's stored token could not be read with any key and was deleted."""
    return ephemeral(common.token_lost())
