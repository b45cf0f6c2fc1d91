"""``❌`` texts: Toggl's reasons and the bot's own, in plain words with what to do."""
from __future__ import annotations

from bot.messages.blocks import Message, ephemeral
from bot.toggl import errors as toggl

PERSONAL_COMMANDS = frozenset({"connect", "me", "profile.set"})


def failed(ref: str, summary: str, reason: str) -> Message:
    """The one final message of a failed command."""
    return ephemeral(f"❌ Could not {summary} — ref {ref}\n{reason}")


def for_toggl_error(error: toggl.TogglError, command_name: str) -> str:
    """Plain words for a Toggl error, with the next step."""
    personal = command_name in PERSONAL_COMMANDS
    said = error.message.rstrip(".")
    if isinstance(error, toggl.Forbidden):
        if personal:
            return ("Toggl refused your API token (403). It may have been reset: copy the current "
                    "one from Toggl › Profile settings and run `/toggl connect <token>`.")
        return ("Toggl said 403 Forbidden: the person or item is not in this workspace or not "
                "accessible, or the bot's TOGGL_API_TOKEN is not a workspace admin here.")
    if isinstance(error, toggl.Unauthorized):
        return "Toggl received no credentials (401). Check TOGGL_API_TOKEN."
    if isinstance(error, toggl.QuotaExhausted):
        return f"Toggl's hourly request quota is used up; it resets in {_minutes(error.resets_in)}."
    if isinstance(error, toggl.PaymentRequired):
        return f"Toggl says: “{said}.” This needs a paid Toggl plan (Starter or higher)."
    if isinstance(error, toggl.BadRequest):
        return f"Toggl refused it: “{said}.” Nothing was changed."
    if isinstance(error, toggl.NotFound):
        return f"Toggl says it does not exist: “{said}.”"
    if isinstance(error, toggl.TooManyRequests):
        return "Toggl kept answering “too many requests” after several tries. Try again in a minute."
    if isinstance(error, (toggl.ServerError, toggl.Unreachable)):
        return (f"Toggl is not answering properly ({said}) even after several tries. "
                "Try again later; `/toggl status` shows what happened.")
    return f"Toggl answered {error.status}: “{said}.”"


def worker_died(attempts: int) -> str:
    """The job's worker stopped mid-run, too often to try again."""
    return (f"The worker running this stopped unexpectedly ({attempts} attempts). "
            "It may or may not have reached Toggl; check before running it again.")


def unexpected() -> str:
    """A bug on our side (details are in the worker log)."""
    return "Something went wrong inside the bot; the details are in the worker's log."


def no_default_workspace() -> str:
    """Neither TOGGL_WORKSPACE_ID nor the admin's default workspace is known."""
    return "No workspace to act on: set TOGGL_WORKSPACE_ID or add `ws=<id>`."


def person_not_in_workspace(label: str, wid: int) -> str:
    """Nobody with that email or id in the workspace."""
    return f"{label} is not in workspace {wid} (or not accessible). `/toggl users` lists who is."


def slack_user_without_email(slack_user: str) -> str:
    """Slack would not tell the email of a mentioned user."""
    return (f"Slack did not give an email for <@{slack_user}> (is it a bot, or is the "
            "`users:read.email` scope missing?). Use their email instead.")


def token_expired() -> str:
    """The pasted token was not found when the worker came to check it."""
    return "The token was not checked in time and has been dropped. Run `/toggl connect <token>` again."


def not_connected() -> str:
    """No personal token for the caller."""
    return "Link your Toggl account first: `/toggl connect <your Toggl API token>`."


def _minutes(seconds: int) -> str:
    return f"{seconds} s" if seconds < 90 else f"{round(seconds / 60)} min"
