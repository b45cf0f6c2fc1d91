"""What the HTTP response to a slash command says (SPEC §5: always ephemeral)."""
from __future__ import annotations

import time

from bot.catalogue import CATALOGUE, CommandSpec, commands_starting_with
from bot.messages import common
from bot.messages.blocks import Message, context, ephemeral, section
from bot.messages.format import clip, when
from bot.messages.plans import plan_what
from bot.messages.text import esc, mention, plain
from bot.parsing.problems import UsageError
from bot.plans import Plan
from bot.refs import Decision, RefRecord, State

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
    return ephemeral(f"🚫 `/toggl {spec.title}` is only for the bot's Toggl admins; ask one of them to run it "
                     "for you. `/toggl help` lists what you can run. Nothing was changed.")


def workspace_not_allowed(workspace_id: int) -> Message:
    """``ws=`` names a workspace this bot is not set up to act on."""
    return ephemeral(f"🚫 This bot does not act on workspace {workspace_id}: leave out `ws=` to act on its own "
                     "workspace, or ask whoever runs the bot to add this one. Nothing was changed.")


def queue_unavailable() -> Message:
    """Redis did not answer while acking."""
    return ephemeral("⚠️ The queue is unavailable, nothing was changed. Please try again in a minute.")


def unexpected_error() -> Message:
    """A bug while acking (details in the web log)."""
    return ephemeral("⚠️ Something went wrong on our side; nothing was changed. The details are in "
                     "the bot's log.")


def not_configured(what: str) -> Message:
    """A setting the command needs is missing: ``what`` the bot cannot do, in a person's words (the
    setting itself goes to the log, for whoever runs the bot)."""
    return ephemeral(f"⚠️ The bot is not set up for {esc(what)} yet; ask whoever runs it. Nothing was changed.")


def help_text(specs: list[CommandSpec], topic: str = "",
              forms: list[tuple[str, str, str]] = ()) -> Message:
    """Usage of the commands the caller may run (or of those starting with ``topic``'s words), with a
    button per form they may use (``forms``: action id, callback id, title)."""
    if topic:
        return _help_topic(specs, topic)
    lines = [f"• `{esc(spec.usage)}` — {esc(spec.about)}" for spec in specs]
    text = "*Toggl Ops Bot* — what you can do:\n" + "\n".join(lines)
    blocks = [section(text),
              context(esc("Add `ws=<id>` to act on another workspace. `/toggl help <word>` for the commands "
                         "starting with it."))]
    if forms:
        blocks.append(form_buttons(forms))
    return ephemeral(text, *blocks)


HELP_TOPIC_CHARS = 60


def _help_topic(specs: list[CommandSpec], topic: str) -> Message:
    """``help rate``: the usage of each command (of ``specs``) starting with ``rate``; one command's with
    what it is for; none: the words commands start with."""
    found = commands_starting_with(topic, specs)
    if len(found) == 1:
        return ephemeral(f"`{esc(found[0].usage)}`\n{esc(found[0].about)}")
    words = f"`{esc(topic[:HELP_TOPIC_CHARS])}`"
    if found:
        return ephemeral(f"Commands starting with {words}:\n"
                         + "\n".join(f"• `{esc(spec.usage)}` — {esc(spec.about)}" for spec in found))
    firsts = ", ".join(f"`{word}`" for word in dict.fromkeys(spec.words[0] for spec in specs))
    none = "no command you can run" if commands_starting_with(topic, list(CATALOGUE.values())) else "no command"
    return ephemeral(f"⚠️ {none} starts with {words}; commands start with {firsts}. "
                     "`/toggl help` lists them all.")


def form_buttons(forms: list[tuple[str, str, str]]) -> dict:
    """An actions block: one button per form (``action id, callback id, title``)."""
    return {"type": "actions", "block_id": "forms",
            "elements": [{"type": "button", "action_id": action_id, "value": callback_id,
                          "text": {"type": "plain_text", "text": clip(plain(f"{title}…"), 75)}}
                         for action_id, callback_id, title in forms[:25]]}


def disconnected(had_token: bool) -> Message:
    """``disconnect`` is done."""
    if had_token:
        return ephemeral(esc("✅ Your Toggl token is forgotten. `/toggl connect <token>` links it again."))
    return ephemeral("There was no Toggl token stored for you; nothing to forget.")


MAX_STATUS_REFS = 5
STATUS_WHAT_CHARS = 120


def status(record: RefRecord, viewer: str = "") -> Message:
    """Where one ref stands, on one line (an admin looking at someone else's ref sees who asked)."""
    return ephemeral(_status_line(record, viewer))


def status_list(records: list[RefRecord]) -> Message:
    """The caller's latest refs, newest first: one line each, at most five."""
    if not records:
        return ephemeral("You have no recent commands.")
    return ephemeral("\n".join(_status_line(r) for r in records[:MAX_STATUS_REFS]))


def unknown_ref(ref: str) -> Message:
    """``status`` of a ref that does not exist (or is not the caller's)."""
    return ephemeral(f"There is no ref {ref} of yours (refs are kept for 14 days).")


def _status_line(record: RefRecord, viewer: str = "") -> str:
    """``ref k3xq2a · Cat Coder (cat@acme.test): billable rate 80.00 → 85.00 EUR · ✅ done 5 min ago``."""
    plan = Plan.from_dict(record.plan) if record.plan else None
    parts = [f"ref {record.ref}", clip(plan_what(plan, record.summary), STATUS_WHAT_CHARS, markup=True)]
    if viewer and record.user_id and record.user_id != viewer:
        parts.append(f"asked by {mention(record.user_id)}")
    approved = record.decision == Decision.APPROVE and record.decided_by
    if approved:
        parts.append(f"approved by {mention(record.decided_by)}")
    parts.append(_state_words(record))
    return " · ".join(parts)


def _state_words(record: RefRecord) -> str:
    """Where the ref stands and since when: ``✅ done 5 min ago``, ``🛂 awaiting approval, expires in 23 h``."""
    state, since = record.state, _ago(record.updated_at)
    if state == State.AWAITING_APPROVAL:
        return f"🛂 awaiting approval, expires {_in(record.expires_at)}" if record.expires_at else "🛂 awaiting approval"
    if state == State.DONE:
        return f"✅ done {since}"
    if state == State.FAILED:
        return f"❌ failed {since}: {record.reason}" if record.reason else f"❌ failed {since}"
    if state == State.REJECTED:
        who = f" by {mention(record.decided_by)}" if record.decided_by else ""
        return f"🚫 rejected{who} {since}"
    if state == State.EXPIRED:
        return f"⌛ expired without a decision {since}"
    if state == State.CANCELLED:
        return f"withdrawn {since}"
    return f"{STATE_WORDS.get(state, state)} {since}"  # queued, running, deferred


def _ago(timestamp: float) -> str:
    """``just now``, ``40 s ago``, ``5 min ago``, ``3 h ago``, or the day."""
    seconds = int(time.time() - timestamp)
    if seconds < 5:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"on {when(timestamp)[:10]}"


def _in(timestamp: float) -> str:
    """``in 23 h``, ``in 5 min``, ``in 40 s``."""
    seconds = int(timestamp - time.time())
    if seconds < 60:
        return f"in {max(seconds, 0)} s"
    if seconds < 3600:
        return f"in {seconds // 60} min"
    return f"in {round(seconds / 3600)} h"


def not_connected() -> Message:
    """A personal command from someone who has not linked a Toggl token."""
    return ephemeral(common.not_connected())


def token_lost() -> Message:
    """The caller's stored token could not be read with any key and was deleted."""
    return ephemeral(common.token_lost())
