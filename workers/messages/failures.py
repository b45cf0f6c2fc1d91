"""``❌`` texts: Toggl's reasons and the bot's own, in plain words with what to do."""
from __future__ import annotations

import re
from typing import Any, Callable

from bot.catalogue import CATALOGUE
from bot.messages import common
from bot.messages.blocks import Message, ephemeral
from bot.messages.format import clip
from bot.messages.text import esc, mention
from bot.messages.values import label, value_words
from toggl import errors as toggl
from workers import errors


def failed(ref: str, summary: str, reason: str) -> Message:
    """The one final message of a failed command."""
    return ephemeral(f"❌ Could not {summary} — ref {ref}\n{reason}")


BRIEF_CHARS = 100
# The end of the first clause: a sentence's end (not ``e.g.``; a closing quote stays with its
# sentence), a semicolon or a dash.
_CLAUSE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?](?P<quote>[”\"’]?)(?=\s|$)|;\s|\s—\s")


def brief(reason: str) -> str:
    """A failure's reason in a few words, for the audit feed and ``status``: the first clause of its
    first line (``Toggl refused it: “Client with this name already exists.”``), at most 100 characters."""
    line = next((line.strip() for line in reason.splitlines() if line.strip()), "")
    end = _CLAUSE_END.search(line)
    if end:
        line = line[:end.end()].rstrip() if end.group("quote") else line[:end.start()]
    return clip(line, BRIEF_CHARS, markup=True)


# Toggl's documented messages, and what the admin can do about each.
HINTS: tuple[tuple[str, str], ...] = (
    ("available for starter and higher", "Upgrade the workspace to Starter or higher to use rates."),
    ("must be a premium user", "That setting needs a paid Toggl plan."),
    ("requires a premium subscription", "That needs a paid Toggl plan."),
    ("user cannot access billable rate", "The bot's Toggl admin may not see billable rates here; "
                                         "give it rate permissions in Toggl."),
    ("client name cannot be empty", "Give the client a name."),
    ("client name maximum length", "Choose a shorter name."),
    ("doesn't exist in the workspace", "`/toggl clients` lists the clients."),
    ("already exists", "Pick a name that is not taken."),
    ("working hours must be positive", "Give working hours above zero."),
    ("wrong workspace user ids", "Someone named is not (or no longer) in this workspace; "
                                 "`/toggl users` lists who is."),
    ("workspace user ids must be unique", "Name each person once."),
    ("at least one workspace user id", "Name at least one person."),
    ("does not exist in the workspace", "`/toggl users` lists who is in this workspace."),
    ("not found in workspace", "Check the id; it is not in this workspace."),
    ("reminder not found", "`/toggl reminders` lists the reminders."),
    ("invalid timezone", "Use an IANA zone name such as Europe/Tallinn."),
    # project alerts
    ("project can't be blank", 'Name the project: project:<id> or project:"<name>" (`/toggl projects` lists them).'),
    ("project not supported", "That project cannot have this kind of alert; `/toggl projects` lists the projects."),
    ("thresholds can't be blank", "Give at least one share of the estimate, e.g. `80%`."),
    ("threshold out of range", "Use whole percentages of the estimate from 1% to 1000%."),
    ("receivers can't be blank", "Say who is alerted: `to=admins`, `to=projectlead`, people, or several."),
    ("receiver role out of range", "Alerts go to the roles admins, projectlead and teamlead, or to people."),
    ("receiver type out of range", "Alerts go to roles or to people of this workspace."),
    ("out of range", "Toggl did not take the kind of alert the bot asks for (an alert on a project's estimate); "
                     "tell whoever runs the bot. Nothing was changed."),
    ("can't be blank", "Toggl did not take the kind of alert the bot asks for; tell whoever runs the bot."),
    ("invalid 'alert_id'", "`/toggl alerts` lists the alerts and their ids."),
    ("alert not found", "It may have been deleted already; `/toggl alerts` lists the alerts."),
    # new workspaces
    ("another workspace with same name", "Pick a name no workspace of the organization has."),
    ("maximum of", "That is Toggl's limit on workspaces; remove one in Toggl first, or ask Toggl to raise it."),
    ("multiple workspaces are not enabled", "The organization's plan allows one workspace; upgrade it in Toggl."),
    ("not exists in the workspace", "Admins of a new workspace must already be in the organization."),
    ("organization not found", "The bot's Toggl account is not in that organization."),
    ("organization owner not found", "The organization has no owner in Toggl; fix that in Toggl first."),
    ("workspace not found", "The bot's Toggl account cannot see that workspace."),
    ("workspace name", "Choose another workspace name."),
    ("resource can not be found", "Toggl does not know that workspace or organization, or the bot cannot see it."),
)


def hint_for(message: str) -> str:
    """What to do about a Toggl message, when we know."""
    lowered = message.lower()
    return next((hint for needle, hint in HINTS if needle in lowered), "")


def for_toggl_error(error: toggl.TogglError, command_name: str) -> str:
    """Plain words for a Toggl error, with the next step."""
    personal = CATALOGUE[command_name].personal
    said = esc(error.message.rstrip("."))  # Toggl's words, shown as text
    hint = hint_for(error.message)
    if isinstance(error, toggl.Forbidden):
        if personal:
            return ("Toggl refused your API token (403). It may have been reset: copy the current "
                    "one from Toggl › Profile settings and run `/toggl connect &lt;token&gt;`.")
        if hint:
            return f"Toggl said 403: “{said}.” {hint}"
        return ("Toggl said 403 Forbidden: the person or item is not in this workspace or not "
                "accessible, or the Toggl account the bot uses is not an admin of this workspace "
                "(ask whoever runs the bot).")
    if isinstance(error, toggl.Unauthorized):
        return ("Toggl did not accept the bot's own Toggl token (401); ask whoever runs the bot to give it "
                "a working one. Nothing was changed.")
    if isinstance(error, toggl.QuotaExhausted):
        return f"Toggl's hourly request quota is used up; it resets in {_minutes(error.resets_in)}."
    if isinstance(error, toggl.PaymentRequired):
        return f"Toggl says: “{said}.” " + (hint or "This needs a paid Toggl plan (Starter or higher).")
    if isinstance(error, toggl.BadRequest):
        return f"Toggl refused it: “{said}.” Nothing was changed. {hint}".rstrip()
    if isinstance(error, toggl.NotFound):
        return f"Toggl says it does not exist: “{said}.” {hint}".rstrip()
    if isinstance(error, toggl.TooManyRequests):
        return "Toggl kept answering “too many requests” after several tries. Try again in a minute."
    if isinstance(error, (toggl.ServerError, toggl.Unreachable)):
        return (f"Toggl is not answering properly ({said}) even after several tries. "
                "Try again later; `/toggl status` shows what happened.")
    return f"Toggl answered {error.status}: “{said}.”"


def _names(things: list[dict[str, Any]]) -> str:
    return ", ".join(f"{esc(c.get('name'))} (id {esc(c['id'])})" for c in things[:10])


def _ambiguous(error: errors.Ambiguous) -> str:
    return (f"More than one {error.kind} is called {esc(error.label)}: {_names(error.candidates)}. "
            "Use the id instead.")


LISTED_BY = {"client": "clients", "project": "projects", "group": "groups", "tracking reminder": "reminders",
             "alert": "alerts", "Toggl notification": "watches"}


def _did_you_mean(kind: str, similar: list[dict[str, Any]]) -> str:
    """`` — did you mean “Globex”, “Globe Corp”?``: the near misses a look-up found (at most three), each
    as it can be named again."""
    def named(thing: dict[str, Any]) -> str:
        name = f"“{esc(thing.get('name') or thing.get('email') or thing.get('id'))}”"
        if kind == "group":
            return f"{name} (group:{esc(thing.get('id'))})"
        if kind == "person" and thing.get("email") and thing.get("name"):
            return f"{name} ({esc(thing['email'])})"
        return name

    return " — did you mean " + ", ".join(named(thing) for thing in similar[:3]) + "?"


def _not_found(error: errors.NotFound) -> str:
    text = f"There is no {error.kind} {esc(error.label)} in this workspace"
    if error.similar:
        return text + _did_you_mean(error.kind, error.similar)
    listing = LISTED_BY.get(error.kind)
    return text + "." + (f" `/toggl {listing}` lists them." if listing in CATALOGUE else "")


def _not_project_member(error: errors.NotProjectMember) -> str:
    person, project = error.person, error.project
    who, what = esc(person.get("name") or person.get("email")), f"{esc(project.get('name'))} (id {esc(project['id'])})"
    if error.group is not None:
        return (f"{who} is on project {what} only through the group {esc(error.group.get('name'))}, and a "
                "project member's own rate is kept only for people added to the project directly. Add them to "
                "the project in Toggl, or set the rate for the whole project or for the person.")
    return f"{who} is not a member of project {what}; add them to the project in Toggl first."


def _person_not_in_workspace(error: errors.PersonNotInWorkspace) -> str:
    text = f"{esc(error.label)} is not in workspace {error.workspace_id} (or not accessible)"
    if error.similar:
        return text + _did_you_mean("person", error.similar)
    return text + ". `/toggl users` lists who is."


def _wrong_currency(error: errors.WrongCurrency) -> str:
    return (f"This workspace counts in {esc(error.workspace_currency)}; amounts are in "
            f"{esc(error.workspace_currency)}, not {esc(error.given)}. Give the amount in "
            f"{esc(error.workspace_currency)} (or without a currency). Nothing was changed.")


def _no_slack_email(error: errors.NoSlackEmail) -> str:
    return (f"Slack did not give an email for {mention(error.slack_user)} (is it a bot, or is the "
            "`users:read.email` scope missing?). Use their email instead.")


def _changed(error: errors.ChangedSincePlanned) -> str:
    now = value_words(error.field, error.now, error.currency)
    return (f"{esc(error.target)} changed since it was planned: {label(error.field)} is now {now}; "
            "nothing was changed — ask again")


REASONS: dict[type[errors.CommandFailed], Callable[[Any], str]] = {
    errors.ChangedSincePlanned: _changed,
    errors.Guarded: lambda error: f"Refused: {esc(error.reason)} Nothing was changed.",
    errors.NotUndoable: lambda error: f"Ref {esc(error.ref)} cannot be undone: {esc(error.reason)}.",
    errors.QuotaGaveUp: lambda error: ("Toggl's hourly request quota stayed used up for a whole day, so the bot "
                                       "stopped waiting; ask again when it has recovered."),
    errors.Ambiguous: _ambiguous,
    errors.NotFound: _not_found,
    errors.NotProjectMember: _not_project_member,
    errors.PersonNotInWorkspace: _person_not_in_workspace,
    errors.WrongCurrency: _wrong_currency,
    errors.NoSlackEmail: _no_slack_email,
    errors.NoDefaultWorkspace: lambda error: esc("No workspace to act on: add `ws=<workspace id>`, or ask whoever "
                                                 "runs the bot to choose a default workspace."),
    errors.WorkspaceNotAllowed: lambda error: (f"This bot does not act on workspace {error.workspace_id}: leave out "
                                               "`ws=` to act on its own workspace, or ask whoever runs the bot to "
                                               "add this one."),
    errors.NotConnected: lambda error: common.not_connected(),
    errors.TokenLost: lambda error: common.token_lost(),
    errors.TokenOfSomeoneElse: lambda error: ("That token belongs to another Toggl account: its email is not the "
                                              "one your Slack profile shows. Copy your own token from Toggl › "
                                              "Profile settings › API Token."),
    errors.SlackEmailUnknown: lambda error: ("Slack did not tell your email, so the token cannot be checked as "
                                             "yours; ask whoever runs the bot to let it read email addresses "
                                             "(the `users:read.email` scope)."),
    errors.PendingTokenGone: lambda error: esc("The token was not checked in time and has been dropped. "
                                               "Run `/toggl connect <token>` again."),
}


def for_command_failed(error: errors.CommandFailed) -> str:
    """Plain words for a reason the bot found itself (an unknown person, an ambiguous name, …)."""
    return REASONS[type(error)](error)


def worker_died(attempts: int) -> str:
    """The job's worker stopped mid-run, too often to try again."""
    return (f"The worker running this stopped unexpectedly ({attempts} attempts). "
            "It may or may not have reached Toggl; check before running it again.")


def unexpected() -> str:
    """A bug on our side (details are in the worker log)."""
    return "Something went wrong inside the bot; the details are in the worker's log."


def _minutes(seconds: int) -> str:
    return f"{seconds} s" if seconds < 90 else f"{round(seconds / 60)} min"
