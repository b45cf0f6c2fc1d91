"""Every message builder, fed hostile strings, posts no ping, no link and no forged line.

Names, notes, emails, search words and Toggl's error messages can hold
``<!channel>``, ``<@U…>``, disguised links, ``&`` and line breaks. The only
markup in a message may be the mentions the bot makes itself (requester,
approver, target) and its channel links; everything else must arrive escaped,
on one line, and within Block Kit's limits.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import time
from typing import Any, Callable

import pytest

from bot.catalogue import CATALOGUE
from bot.parser import parse
from bot.parsing.problems import UsageError
from bot.plans import FieldChange, Plan, Step, Target
from bot.refs import DecisionOutcome, RefRecord, State
from fakes.slack import blocks_error
from fakes.slack_requests import slack_escape
from toggl import errors as toggl
from workers import errors

BOSS = "U0REQUEST"  # the requester: the bot's own mention of them is allowed
APPROVER = "U0APPROVE"
EVIL = "<!channel> <@U0EVIL|boss> <https://evil.example|Re-login> & <#C0EVIL> \n*FORGED* line\t\x07"
LONG = EVIL + " x" * 2500  # over 5,000 characters
HOSTILE = [EVIL, LONG]
PRIMITIVES = {"bot.messages.blocks", "bot.messages.text", "bot.messages.format", "bot.messages.summaries",
              "bot.messages.values", "workers.messages.listing"}  # building blocks, tested through the builders
MESSAGE_MODULES = sorted(
    f"{package}.{info.name}" for package in ("web.messages", "workers.messages", "bot.messages")
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__)
    if f"{package}.{info.name}" not in PRIMITIVES)
ALLOWED = re.compile(rf"<@({BOSS}|{APPROVER})>|<#C0OPS>")


def summary_of(text: str) -> str:
    """The summary of a command typed with hostile words (as Slack sends them)."""
    return parse(slack_escape(text)).command.summary


def person(value: str) -> dict[str, Any]:
    return {"id": 5003, "uid": 1003, "name": value, "email": value, "role": value, "rate": 50,
            "group_ids": [1]}


def plan(value: str) -> Plan:
    return Plan(command={"name": "user.set", "args": {}}, action="user.set", workspace_id=9001,
                workspace_name=value, currency="EUR", done=f"Updated {value}", effective=value, notes=[value],
                not_undoable=value,
                targets=[Target("workspace user", value, 5003, [FieldChange("name", value, value),
                                                                 FieldChange("notes", None, value),
                                                                 FieldChange("role", value, value),
                                                                 FieldChange("people", [value], [value])])],
                steps=[Step("workspace_user.update", "PUT", "/x", {"name": value})])


def record(value: str) -> RefRecord:
    return RefRecord("abc234", user_id=BOSS, summary=summary_of(f'client rename Globex "{value[:90]}"'),
                     detail="✅ done", decided_by=APPROVER, decided_at=time.time(), created_at=time.time(),
                     updated_at=time.time(), expires_at=time.time() + 60, workspace_label=value,
                     plan=plan(value).to_dict(), card_channel="C0OPS", card_ts="1.2", state=State.DONE)


def builders(value: str) -> dict[str, Callable[[], Any]]:
    """Every message builder, called with ``value`` wherever a person or Toggl supplies text."""
    from bot.forms import FORMS
    from web.messages import acks, modals
    from web.messages import approvals as web_approvals
    from workers.messages import (
        alerts,
        approvals,
        changes,
        clients,
        digest,
        failures,
        groups,
        home,
        interim,
        notifications,
        people,
        personal,
        projects,
        quota,
        rates,
        reminders,
        watches,
        workspace,
    )

    usage = UsageError(f"unknown field `{value}`", "user.set")
    usage.usage = CATALOGUE["user.set"].usage
    ws = {"name": value, "id": 9001, "default_currency": "EUR", "organization_id": value}
    return {
        "acks.queued": lambda: acks.queued(summary_of(f"clients {value[:300]}"), "abc234"),
        "acks.duplicate": lambda: acks.duplicate("abc234", State.QUEUED),
        "acks.usage_error": lambda: acks.usage_error(usage),
        "acks.refused": lambda: acks.refused(CATALOGUE["users"]),
        "acks.queue_unavailable": acks.queue_unavailable,
        "acks.unexpected_error": acks.unexpected_error,
        "acks.not_configured": lambda: acks.not_configured(value),
        "acks.help_text": lambda: acks.help_text(list(CATALOGUE.values()), None, [("open_x", "toggl_x", value)]),
        "acks.form_buttons": lambda: acks.form_buttons([("open_x", "toggl_x", value)]),
        "acks.queued_secret_typed": lambda: acks.queued_secret_typed(summary_of("connect abcdef1234567890"),
                                                                     "abc234"),
        "modals.form_view": lambda: modals.form_view(FORMS["toggl_rate_set"], value[:200]),
        "modals.field_errors": lambda: modals.field_errors({"amount": value}),
        "modals.submitted": lambda: modals.submitted(FORMS["toggl_rate_set"], acks.queued(
            summary_of(f"clients {value[:300]}"), "abc234")),
        "modals.options": lambda: modals.options([{"id": 4001, "name": value, "client_id": 3001}], value[:3],
                                                 describe=lambda p: modals.project_label(p, {3001: value})),
        "modals.not_opened": lambda: modals.not_opened(value),
        "home.home_view": lambda: home.home_view(home.Desk(
            APPROVER, None, [record(value)], [("open_x", "toggl_x", value)], True,
            [(record(value), True), (record(value), False)], 3,
            [home.Change({"ref": "abc234", "user_id": BOSS, "approved_by": APPROVER, "at": "1",
                          "changes": __import__("bot.messages.plans", fromlist=["plan_inline"]).plan_inline(
                              plan(value)), "outcome": "✅ done", "summary": record(value).summary}, True)],
            [digest.QuotaLeft(7001, 3, 30, 600)])),
        "acks.disconnected": lambda: acks.disconnected(True),
        "acks.status": lambda: acks.status(record(value)),
        "acks.status_list": lambda: acks.status_list([record(value)]),
        "acks.unknown_ref": lambda: acks.unknown_ref("abc234"),
        "acks.not_connected": acks.not_connected,
        "acks.token_lost": acks.token_lost,
        "acks.workspace_not_allowed": lambda: acks.workspace_not_allowed(4242),
        "web_approvals.requested": lambda: web_approvals.requested(record(value).summary, "abc234"),
        "web_approvals.refusal": lambda: web_approvals.refusal("own_request", "abc234"),
        "web_approvals.too_late": lambda: web_approvals.too_late("abc234", DecisionOutcome(False, "queued",
                                                                                           APPROVER, 1.0)),
        "web_approvals.still_planning": lambda: web_approvals.still_planning("abc234"),
        "web_approvals.cancelled": lambda: web_approvals.cancelled("abc234", record(value).summary),
        "web_approvals.open_requests": lambda: web_approvals.open_requests([record(value)]),
        "approvals.card": lambda: approvals.card(record(value)),
        "approvals.card_decided": lambda: approvals.card_decided(record(value), "✅ done"),
        "approvals.rejected": lambda: approvals.rejected(record(value)),
        "approvals.expired": lambda: approvals.expired(record(value)),
        "approvals.card_failed": lambda: approvals.card_failed(record(value), "C0OPS", value),
        "approvals.audit_line": lambda: approvals.audit_line({
            "user_id": BOSS, "approved_by": APPROVER, "summary": record(value).summary, "ref": "abc234",
            "changes": __import__("bot.messages.plans", fromlist=["plan_inline"]).plan_inline(plan(value)),
            "outcome": "✅ done"}),
        "approvals.audit_line.failed": lambda: approvals.audit_line({
            "user_id": BOSS, "summary": record(value).summary, "ref": "abc234", "undo_of": "def567",
            "state": "failed", "outcome": "❌ Could not", "reason": failures.brief(failures.for_command_failed(
                _failure(errors.NotFound, value)))}),
        "approvals.decision_line": lambda: approvals.decision_line(
            RefRecord("abc234", user_id=BOSS, decided_by=APPROVER, decision="reject", summary=record(value).summary)),
        "approvals.card_failed_reason": lambda: approvals.card_failed_reason(value),
        "failures.brief": lambda: failures.brief(failures.for_toggl_error(toggl.BadRequest(value, 400), "users")),
        "changes.result": lambda: changes.result(plan(value), {"0": {"id": 7}}, "abc234"),
        "changes.nothing_to_change": lambda: changes.nothing_to_change(plan(value), "abc234"),
        "changes.preview": lambda: changes.preview(plan(value), True, "abc234"),
        "changes.approval_pending": lambda: changes.approval_pending("abc234", record(value).summary),
        "people.users_list": lambda: people.users_list([person(value)], ws, "abc234", search=value),
        "people.user_detail": lambda: people.user_detail(person(value), ws, [value], "abc234"),
        "clients.client_list": lambda: clients.client_list([{"id": 1, "name": value, "notes": value}], ws,
                                                           "abc234", search=value),
        "reminders.reminder_list": lambda: reminders.reminder_list([value], ws, "abc234"),
        "people.member_list": lambda: people.member_list(
            [{**person(value), "labor_cost": 30, "active": False, "is_direct": False}], ws, "abc234", search=value,
            custom_rates=True, pending=True),
        "projects.project_list": lambda: projects.project_list(
            [{"id": 4001, "name": value, "client_id": 3001, "active": True},
             {"id": 4002, "name": value, "client_id": 3002, "active": False}], {3001: value}, ws, "abc234",
            search=value),
        "groups.group_list": lambda: groups.group_list(
            [{"id": 6001, "name": value, "user_ids": [1003, 1009]}], {1003: value}, ws, "abc234"),
        "workspace.constraints_overview": lambda: workspace.constraints_overview(
            {"time_entry_constraints_enabled": True, "description_present": True, "tag_present": value}, ws,
            "abc234"),
        "alerts.alert_list": lambda: alerts.alert_list(
            [{"id": 1, "project_id": 4001, "project_name": value, "thresholds": [80, 100],
              "receiver_roles": ["admin", value], "receiver_users": [1003], "receiver_users_name": [value]},
             {"id": 2, "project_id": value, "project_name": None, "thresholds": [value],
              "receiver_roles": [], "receiver_users": [1003, 1004], "receiver_users_name": []}],
            {1003: value}, ws, "abc234"),
        "rates.rate_history": lambda: rates.rate_history(value, "billable_rates", [{"amount": 5, "start": value}],
                                                         "EUR", "abc234"),
        "workspace.workspace_overview": lambda: workspace.workspace_overview(
            ws, {"admins": [{"name": value}], "members_count": value}, "abc234"),
        "personal.connected": lambda: personal.connected({"fullname": value, "email": value}, "abc234"),
        "personal.profile": lambda: personal.profile({"fullname": value, "email": value, "timezone": value},
                                                     "abc234"),
        "interim.deferred": lambda: interim.deferred("abc234", record(value).summary, 90),
        "notifications.event_line": lambda: notifications.event_line(
            {"event_id": 1, "payload": {"id": 1, "name": value, "description": value},
             "metadata": {"model": value, "action": value, "event_user_id": "7"}}, {7: value}, value),
        "watches.watch_list": lambda: watches.watch_list(
            [{"subscription_id": 1, "enabled": True, "validated_at": value, "description": value,
              "event_filters": [{"entity": value, "action": value}], "failed_delivery_attempts": value,
              "last_delivery_error": value}], {1: value}, {"max_webhooks": value}, ws, "abc234"),
        "digest.digest": lambda: digest.digest(
            [{"ref": value, "action": value, "outcome": value, "at": "1"}], [record(value)],
            [digest.QuotaLeft(7001, 3, 30, 600), digest.QuotaLeft(None, 1, None, 60)], 1.0),
        "quota.quota_overview": lambda: quota.quota_overview(
            [quota.Bucket(7001, 3, 30, 600), quota.Bucket(None, -2, 30, 60), quota.Bucket(None, 1, None, 5, value)],
            {7001: [value]}, {value: 60, "org:7001": 30}, "abc234", last_seen=True),
        "failures.failed": lambda: failures.failed("abc234", record(value).summary, "reason"),
        "failures.worker_died": lambda: failures.worker_died(2),
        "failures.unexpected": failures.unexpected,
        **{f"failures.toggl.{cls.__name__}": (lambda cls=cls: failures.for_toggl_error(
            cls(value, 400) if cls is not toggl.QuotaExhausted else cls(value, 60), "users"))
           for cls in {*toggl.STATUS_ERRORS.values(), toggl.ServerError, toggl.Unreachable, toggl.QuotaExhausted}},
        **{f"failures.reason.{kind.__name__}": (lambda kind=kind: failures.for_command_failed(
            _failure(kind, value))) for kind in failures.REASONS},
    }


def _failure(kind: type, value: str) -> errors.CommandFailed:
    examples = {
        errors.PersonNotInWorkspace: (value, 9001, [person(value)]), errors.NoSlackEmail: (BOSS,),
        errors.WrongCurrency: (value, value),
        errors.Ambiguous: ("client", value, [{"id": 1, "name": value}]),
        errors.NotFound: ("client", value, [{"id": 1, "name": value}]),
        errors.NotProjectMember: (person(value), {"id": 4, "name": value}, {"id": 6, "name": value}),
        errors.Guarded: (value,), errors.NotUndoable: (value, value),
        errors.ChangedSincePlanned: (value, "name", value, "x"),
        errors.WorkspaceNotAllowed: (4242,),
    }
    return kind(*examples.get(kind, ()))


def texts(message: Any) -> list[str]:
    """Every string Slack would read as mrkdwn or show: text, block texts, fields, buttons, confirms."""
    if isinstance(message, str):
        return [message]
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict) and node.get("type") == "plain_text":
            assert not re.search(r"[\x00-\x1f]", str(node.get("text"))), node  # shown as typed, on one line
        elif isinstance(node, dict):
            for key, child in node.items():
                if key in ("text",) and isinstance(child, str):
                    found.append(child)
                else:
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(message)
    return found


@pytest.mark.parametrize("value", HOSTILE, ids=["hostile", "hostile and long"])
@pytest.mark.parametrize("name", sorted(builders(EVIL)))
def test_no_hostile_markup_or_forged_line_survives(name: str, value: str) -> None:
    message = builders(value)[name]()
    for text in texts(message):
        leftover = ALLOWED.sub("", text)
        assert "<" not in leftover and ">" not in leftover.replace("\n>", ""), (name, text[:300])
        assert not re.search(r"(?m)^\*FORGED\*", text), (name, text[:300])
        assert "\x07" not in text and "\t" not in text
    if isinstance(message, dict) and message.get("blocks"):
        assert blocks_error(message["blocks"]) is None, name


def test_the_table_covers_every_public_message_builder() -> None:
    names = set(builders(EVIL))
    missing = []
    for module_name in MESSAGE_MODULES:
        module = importlib.import_module(module_name)
        short = module_name.rsplit(".", 1)[1]
        short = "web_approvals" if module_name == "web.messages.approvals" else short
        for func_name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module_name or func_name.startswith("_"):
                continue
            if not any(n == f"{short}.{func_name}" or n.startswith(f"{short}.") and func_name in (
                    "for_toggl_error", "for_command_failed") for n in names):
                missing.append(f"{module_name}.{func_name}")
    assert not [m for m in missing if m not in HELPERS], missing


# Functions of the message modules that only format pieces the builders above use.
HELPERS = {"bot.messages.common.decision_word", "workers.messages.failures.hint_for",
           "bot.messages.plans.target_name", "bot.messages.plans.target_changes", "bot.messages.plans.plan_lines",
           "bot.messages.plans.plan_inline", "bot.messages.plans.what_changed",
           "bot.messages.plans.plan_what", "workers.messages.changes.new_id", "bot.messages.common.not_connected", "bot.messages.common.token_lost",
           "web.messages.modals.project_label", "workers.messages.digest.bucket_words", "workers.messages.digest.left_words"}
