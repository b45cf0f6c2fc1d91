"""Modals (SPEC §15): opened by global shortcuts and by the buttons of ``/toggl help`` and App Home;
pickers' options from the cached look-ups; a submission checked field by field, then run through
the typed command's path (``Intake.run``), its result by direct message.

Slack gives a ``trigger_id`` 3 seconds to open a modal (views.open), and
asks for external_select options with a ``block_suggestion`` that must be
answered within 3 seconds: both are answered here, in the web process, from
Redis alone. Sources: docs.slack.dev interactivity/handling-user-interaction
(trigger ids), surfaces/modals (response_action errors / update),
reference/block-kit/block-elements/select-menu-element (external data source).
"""
from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any

from redis.exceptions import RedisError
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cached import PREFIX, default_workspace, lookup_key, read_lookup
from bot.forms import FORMS, OPEN_BUTTON, Form, check, read_values
from bot.jobqueue import LOAD_LOOKUPS, TELL_USER, enqueue_task
from web.intake import Intake, SlashRequest
from web.messages import modals as views

log = logging.getLogger(__name__)

def add_modal_listeners(app: App, intake: Intake) -> None:
    """Shortcuts, open-form buttons, submissions and the pickers' options."""

    def open_form(form: Form, trigger_id: str, user_id: str, channel_id: str, client: WebClient) -> None:
        try:
            client.views_open(trigger_id=trigger_id, view=views.form_view(form, channel_id))
        except SlackApiError as error:
            reason = str(error.response.get("error") or "Slack refused it")
            log.warning("views.open for %s failed: %s", form.callback_id, reason)
            _tell(intake, user_id, views.not_opened(reason))
            return
        _load_lookups(intake, form)

    def listeners(form: Form):  # Bolt passes arguments by name: each form's listeners close over it
        def on_shortcut(ack: Ack, body: dict, client: WebClient) -> None:
            ack()
            open_form(form, str(body.get("trigger_id") or ""), _user_id(body), "", client)

        def on_submit(ack: Ack, body: dict) -> None:
            ack(**submission(intake, form, body))
        return on_shortcut, on_submit

    for callback_id, form in FORMS.items():
        on_shortcut, on_submit = listeners(form)
        app.shortcut(callback_id)(on_shortcut)
        app.view(callback_id)(on_submit)

    @app.action(OPEN_BUTTON)
    def on_open_button(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        form = FORMS.get(str(action.get("value") or ""))
        if form is not None:
            channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
            open_form(form, str(body.get("trigger_id") or ""), _user_id(body), str(channel.get("id") or ""),
                      client)

    @app.options("project")
    def on_project_options(ack: Ack, body: dict) -> None:
        wid = _workspace(intake)
        projects = read_lookup(intake.redis, wid, "projects") if wid else None
        clients = {int(c["id"]): str(c.get("name") or "") for c in
                   (read_lookup(intake.redis, wid, "clients") or [] if wid else []) if c.get("id")}
        ack(**views.options(projects, str(body.get("value") or ""),
                            describe=lambda p: views.project_label(p, clients)))

    @app.options("group")
    def on_group_options(ack: Ack, body: dict) -> None:
        wid = _workspace(intake)
        ack(**views.options(read_lookup(intake.redis, wid, "groups") if wid else None, str(body.get("value") or "")))


def submission(intake: Intake, form: Form, body: dict[str, Any]) -> dict[str, Any]:
    """The answer to a form's submission: errors on fields, or the typed command's ack in the modal."""
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    checked = check(form, read_values(form, view))
    if checked.parsed is None:
        return views.field_errors(checked.errors)
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    request = SlashRequest(user_id=str(user.get("id") or ""), channel_id=_origin_channel(view),
                           team_id=str((body.get("team") or {}).get("id") or ""),
                           trigger_id=str(body.get("trigger_id") or f"missing-{uuid.uuid4()}"),
                           response_url="", text="", user_name=str(user.get("username") or user.get("name") or ""),
                           source="modal")
    return views.submitted(form, intake.run(request, checked.parsed))


def _origin_channel(view: dict[str, Any]) -> str:
    try:
        channel = json.loads(view.get("private_metadata") or "{}").get("channel")
    except (ValueError, AttributeError):
        return ""
    return channel if isinstance(channel, str) and re.fullmatch(r"[CGD][A-Z0-9]{2,20}", channel) else ""


def _user_id(body: dict[str, Any]) -> str:
    user = body.get("user")
    return str(user.get("id") or "") if isinstance(user, dict) else ""


def _workspace(intake: Intake) -> int | None:
    try:
        return intake.settings.toggl_workspace_id or default_workspace(intake.redis)
    except RedisError:
        return None


def _load_lookups(intake: Intake, form: Form) -> None:
    """Have a worker read the look-ups the form's pickers offer, unless they are cached already
    (the first options request comes a second or two after the modal opens)."""
    if not form.lookups or not intake.settings.toggl_api_token:
        return
    try:
        wid = _workspace(intake)
        missing = [kind for kind in form.lookups if not wid or not intake.redis.exists(PREFIX + lookup_key(wid, kind))]
        if missing:
            enqueue_task(intake.queue, LOAD_LOOKUPS, missing)
    except RedisError as error:
        log.warning("could not queue the pickers' look-ups: %s", error.__class__.__name__)


def _tell(intake: Intake, user_id: str, message: dict[str, Any]) -> None:
    """A direct message, sent by a worker (the web process answers Slack first)."""
    if not user_id:
        return
    try:
        enqueue_task(intake.queue, TELL_USER, user_id, message)
    except RedisError as error:
        log.warning("could not queue a direct message: %s", error.__class__.__name__)

