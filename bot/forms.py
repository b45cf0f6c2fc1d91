"""The modals' forms (SPEC §15), shared by the web process (which opens and checks them) and the
worker (whose App Home offers them): their fields, how a submission is read and checked, and the command
it becomes.

A submitted form is turned into the text a person would type after ``/toggl``
— in the form Slack sends it, people as ``<@U…>`` — and parsed by the same
parser, so a modal takes exactly the typed command's path. Each field is
checked first with the parser's own value checks, so a mistake is shown on
the field it is in (``response_action: errors``); what only the whole command
can tell goes on the form's main field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from bot.parser import ParsedCommand, parse
from bot.parsing.problems import UsageError, ValueProblem
from bot.parsing.rates import RATE_MODES
from bot.parsing.reminders import FREQUENCIES, MAX_THRESHOLD
from bot.parsing.values import parse_amount

Values = dict[str, Any]  # field name → str | list[str] | None
OPEN_BUTTON = re.compile(r"^open_(toggl_[a-z_]+)$")  # the action id of a button that opens a form
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_ID = re.compile(r"^[1-9][0-9]{0,18}$")


@dataclass(frozen=True)
class Field:
    """One input of a form; its name is both the block id and the action id."""

    name: str
    label: str
    kind: str  # text, secret, users, multi_users, select, project, group, date
    optional: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) of a select; the first is the initial one
    placeholder: str = ""
    hint: str = ""
    check: Callable[[str], Any] | None = None  # raises ValueProblem


@dataclass(frozen=True)
class Form:
    """A modal: its callback id, title, fields, and the command text a submission becomes."""

    callback_id: str
    title: str
    command: str  # the catalogue row it runs
    fields: tuple[Field, ...]
    compose: Callable[[Values], str]  # raises FieldProblem
    main_field: str  # where a problem only the whole command shows goes
    lookups: tuple[str, ...] = ()  # cached look-ups its pickers offer (loaded when the modal opens)
    submit: str = "Plan it"


@dataclass
class FieldProblem(Exception):
    """A problem with the submitted values, on one field."""

    field: str
    message: str


@dataclass
class Checked:
    """A submission: the parsed command, or the problems per field."""

    parsed: ParsedCommand | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _whole_hours(text: str) -> int:
    hours = text.strip().lower().removesuffix("h")
    if not hours.isdecimal() or not 1 <= int(hours) <= MAX_THRESHOLD:
        raise ValueProblem(f"whole hours from 1 to {MAX_THRESHOLD}, e.g. 6")
    return int(hours)


def _people(values: Values, name: str) -> list[str]:
    chosen = values.get(name) or []
    return [f"<@{user}>" for user in ([chosen] if isinstance(chosen, str) else chosen) if _USER_ID.match(user)]


def _id(values: Values, name: str) -> str | None:
    value = values.get(name)
    return value if isinstance(value, str) and _ID.match(value) else None


def _rate_set(values: Values) -> str:
    target = values.get("target") or "person"
    person, project = _people(values, "person"), _id(values, "project")
    if target in ("person", "project_person") and not person:
        raise FieldProblem("person", "choose the person")
    if target in ("project", "project_person") and not project:
        raise FieldProblem("project", "choose the project (type part of its name)")
    words = {"workspace": ["workspace"], "person": person[:1], "project": [f"project:{project}"],
             "project_person": [f"project:{project}", *person[:1]]}[target]
    words.append(str(values.get("amount") or "").strip())
    if values.get("kind") == "labor":
        words.append("labor")
    mode, start = values.get("mode") or RATE_MODES[0], values.get("start")
    if start and mode != RATE_MODES[0]:
        raise FieldProblem("start", "give either a start date or a mode other than from today, not both")
    words.append(f"start={start}" if start else f"mode={mode}")
    return "rate set " + " ".join(words)


def _user_remove(values: Values) -> str:
    people = _people(values, "people")
    if not people:
        raise FieldProblem("people", "choose at least one person")
    return "user remove " + " ".join(people)


def _reminder_add(values: Values) -> str:
    hours = _whole_hours(str(values.get("hours") or ""))
    recipients = _people(values, "people") + ([f"group:{group}"] if (group := _id(values, "group")) else [])
    if not recipients:
        raise FieldProblem("people", "choose people or a group to remind")
    return f"reminder add {hours}h {values.get('frequency') or 'daily'} " + " ".join(recipients)


def _connect(values: Values) -> str:
    token = str(values.get("token") or "").strip()
    if not token or any(ch.isspace() for ch in token):
        raise FieldProblem("token", "paste the token alone: letters and digits, no spaces")
    return f"connect {token}"


_MODES = (("start-today", "From today on"), ("override-current", "Also the current period's entries"),
          ("override-all", "All time entries, also past ones"))
FORMS: dict[str, Form] = {form.callback_id: form for form in (
    Form("toggl_rate_set", "Set a rate", "rate.set", (
        Field("target", "Rate of", "select", choices=(
            ("person", "A person"), ("project", "A project"), ("project_person", "A person on a project"),
            ("workspace", "The workspace (its default)"))),
        Field("person", "Person", "users", optional=True),
        Field("project", "Project", "project", optional=True, placeholder="Type part of its name"),
        Field("amount", "Amount per hour, in the workspace's currency", "text", placeholder="85.00",
              check=parse_amount),
        Field("kind", "Which rate", "select", choices=(("billable", "Billable rate"), ("labor", "Labor cost"))),
        Field("mode", "Which time entries get it", "select", optional=True, choices=_MODES),
        Field("start", "Or from this date", "date", optional=True,
              hint="A date before today recalculates past entries and may need a second admin's approval."),
    ), _rate_set, "amount", lookups=("clients", "projects")),
    Form("toggl_user_remove", "Remove people", "user.remove", (
        Field("people", "Remove from the workspace", "multi_users"),
    ), _user_remove, "people", submit="Plan removal"),
    Form("toggl_reminder_add", "Add a reminder", "reminder.add", (
        Field("hours", "Remind when someone tracked fewer hours than", "text", placeholder="6",
              check=_whole_hours),
        Field("frequency", "Checked", "select", choices=tuple((name, name.capitalize()) for name in FREQUENCIES)),
        Field("people", "People", "multi_users", optional=True),
        Field("group", "Or a group", "group", optional=True, placeholder="Type part of its name"),
    ), _reminder_add, "people", lookups=("groups",)),
    Form("toggl_connect", "Connect Toggl", "connect", (
        Field("token", "Your Toggl API token", "secret",
              hint="Toggl › Profile settings › API Token. It goes to the bot, encrypted; never to a channel."),
    ), _connect, "token", submit="Connect"),
)}


def open_button(callback_id: str) -> str:
    """The action id of a button that opens the form ``callback_id``."""
    return f"open_{callback_id}"


def form_buttons(user_may_run: Callable[[str], bool], *, without: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """``(action id, callback id, title)`` of the forms whose command the person may run."""
    return [(open_button(form.callback_id), form.callback_id, form.title) for form in FORMS.values()
            if form.callback_id not in without and user_may_run(form.command)]


def read_values(form: Form, view: dict[str, Any]) -> Values:
    """The submitted value of each field (``state.values[block][action]``), None when left empty."""
    state = ((view.get("state") or {}).get("values") or {}) if isinstance(view, dict) else {}
    values: Values = {}
    for spec in form.fields:
        entry = (state.get(spec.name) or {}).get(spec.name) or {}
        values[spec.name] = _value_of(entry) if isinstance(entry, dict) else None
    return values


def _value_of(entry: dict[str, Any]) -> Any:
    kind = entry.get("type")
    if kind == "users_select":
        return entry.get("selected_user")
    if kind == "multi_users_select":
        return [u for u in entry.get("selected_users") or [] if isinstance(u, str)]
    if kind in ("static_select", "external_select"):
        return ((entry.get("selected_option") or {}).get("value")) or None
    if kind == "datepicker":
        return entry.get("selected_date")
    value = entry.get("value")
    return value if isinstance(value, str) and value.strip() else None


def check(form: Form, values: Values) -> Checked:
    """Check each field, then the whole command through the parser."""
    errors: dict[str, str] = {}
    values = dict(values)
    for spec in form.fields:
        if spec.kind == "select" and not spec.optional and not values.get(spec.name):
            values[spec.name] = spec.choices[0][0]  # its initial option (what Slack submits untouched)
        value = values.get(spec.name)
        if value in (None, "", []):
            if not spec.optional:
                errors[spec.name] = "this is needed"
            continue
        if spec.check is not None:
            try:
                spec.check(str(value).strip())
            except ValueProblem as problem:
                errors[spec.name] = str(problem)
    if errors:
        return Checked(errors=errors)
    try:
        parsed = parse(form.compose(values))
    except FieldProblem as problem:
        return Checked(errors={problem.field: problem.message})
    except (UsageError, ValueProblem) as error:
        return Checked(errors={form.main_field: getattr(error, "message", str(error))})
    if parsed.command.name != form.command:
        return Checked(errors={form.main_field: "that cannot be done from this form"})
    return Checked(parsed=parsed)
