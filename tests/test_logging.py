"""Logs (SPEC §16): a user mistake is one INFO line, a real failure keeps its traceback,
``LOG_FORMAT=json`` gives one JSON object per line with the ref, action and user, and the
web process starts without a warning from Bolt."""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import time
from pathlib import Path

from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from app import create_app
from bot.settings import Settings
from fakes.slack import SlackFake
from tests.conftest import ADMIN, BOT_TOKEN, MEMBER, SIGNING_SECRET, WorkerProcess
from tests.support import BotDriver, assert_failure, wid

# Ordinary mistakes that reach the worker: what each one's INFO line says.
MISTAKES = [
    ("client rename Glbx Foo", "NotFound client “Glbx”"),  # no such client
    ("user show nobody@acme.test", "PersonNotInWorkspace nobody@acme.test"),  # unknown person
    ("rate set cat@acme.test 20000", "Guarded billable rate 20,000.00 EUR is above"),  # over TOGGLBOT_MAX_AMOUNT
    ("reminder delete 999999", "NotFound tracking reminder #999999"),
    ("client rename Globex Initech", "Toggl 400 BadRequest: Client with this name already exists"),  # Toggl's 4xx
]


def worker_lines(worker: WorkerProcess, until: str, timeout: float = 10.0) -> str:
    """The worker's log once ``until`` is in it (a job's last line comes after its final message)."""
    deadline = time.monotonic() + timeout
    while until not in worker.output() and time.monotonic() < deadline:
        time.sleep(0.05)
    return worker.output()


def test_user_mistakes_are_one_info_line_each_and_no_traceback(bot, worker) -> None:
    refs = {}
    for text, said in MISTAKES:
        sent = bot.command(text)
        assert_failure(bot.result(sent), sent)
        refs[sent.ref] = said
    log = worker_lines(worker, "user mistake: Toggl 400")  # the last one's
    assert "Traceback" not in log
    assert not re.search(r" (WARNING|ERROR|CRITICAL) ", log), log
    for ref, said in refs.items():
        mistakes = [line for line in log.splitlines() if "user mistake" in line and f"ref={ref} " in line]
        assert len(mistakes) == 1, log
        assert f" INFO workers.worker: user mistake: {said}" in mistakes[0]
        assert mistakes[0].endswith(f"user={ADMIN}]")


def test_an_unexpected_error_still_logs_its_traceback_at_error(bot, worker, toggl) -> None:
    toggl.fail_next(200, body=[42], path_prefix=f"/workspaces/{wid(toggl)}/clients")  # clients the bot cannot read
    sent = bot.command("clients")
    assert "inside the bot" in bot.result(sent)["text"]
    log = worker_lines(worker, "AttributeError: 'int' object")
    assert f"ERROR workers.worker: job cmd-{sent.ref} (workers.jobs.run_command) failed [ref={sent.ref} " in log
    assert log.count("Traceback (most recent call last)") == 1
    assert "AttributeError: 'int' object has no attribute 'get'" in log
    assert "user mistake" not in log


def test_web_mistakes_are_info_lines_with_the_user(bot, caplog) -> None:
    caplog.set_level(logging.INFO)
    bot.command("usr show cat", user=MEMBER)  # a typo
    bot.command("users", user=MEMBER)  # an admin command
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("web.")]
    assert lines == [("INFO", "user mistake: not a valid command (no command)"),
                     ("INFO", "user mistake: refused, users is not for this user")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def json_lines(text: str) -> list[dict]:
    """Every line as JSON (fails on a line that is not one object)."""
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert entries and all(isinstance(entry, dict) for entry in entries)
    return entries


def test_json_worker_log_is_one_object_per_line_with_ref_action_user(bot, env, toggl, tmp_path: Path) -> None:
    worker = WorkerProcess({**env, "LOG_FORMAT": "json"}, tmp_path / "worker.json.log")
    worker.start()
    try:
        toggl.fail_next(200, body=[42], path_prefix=f"/workspaces/{wid(toggl)}/clients")
        bug = bot.command("clients")
        bot.result(bug)
        mistake = bot.command("client rename Glbx Foo")  # reads the clients again
        bot.result(mistake)
        worker_lines(worker, "user mistake")
    finally:
        worker.stop()
    entries = json_lines(worker.output())
    assert all(set(entry) >= {"time", "level", "logger", "message"} for entry in entries)
    assert all(entry["time"].endswith("Z") for entry in entries)
    [said] = [e for e in entries if e["message"].startswith("user mistake")]
    assert said == {**said, "level": "INFO", "logger": "workers.worker", "ref": mistake.ref,
                    "action": "client.set", "user_id": ADMIN, "message": "user mistake: NotFound client “Glbx”"}
    assert "exc" not in said
    [failed] = [e for e in entries if "exc" in e]
    assert (failed["level"], failed["ref"], failed["action"]) == ("ERROR", bug.ref, "client.list")
    assert failed["exc"].startswith("Traceback") and failed["exc"].rstrip().endswith("has no attribute 'get'")
    requests = [e for e in entries if e["logger"] == "toggl.api" and e.get("ref") == mistake.ref]
    assert requests and all(e["user_id"] == ADMIN for e in requests)


def test_json_web_log_carries_the_user_and_action(settings: Settings, slack: SlackFake, toggl, capsys) -> None:
    app = create_app(dataclasses.replace(settings, log_format="json"))
    bot = BotDriver(app, slack, toggl, SIGNING_SECRET)
    try:
        capsys.readouterr()
        bot.command("users", user=MEMBER)
        entries = json_lines(capsys.readouterr().err)
    finally:
        create_app(settings)  # the text handler back, for the tests after this one
    assert [(e["level"], e["message"], e["action"], e["user_id"]) for e in entries] == [
        ("INFO", "user mistake: refused, users is not for this user", "user.list", MEMBER)]


def test_the_web_starts_without_a_warning_from_bolt(settings: Settings, slack: SlackFake, toggl, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    app = create_app(settings)
    assert [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert os.environ["SLACK_BOT_TOKEN"] == BOT_TOKEN  # only hidden while Bolt was built
    bolt = app.extensions["togglbot.bolt"]
    handlers = [type(h) for h in bolt.client.retry_handlers]
    assert bolt.client.token is None and bolt.client.base_url == settings.slack_api_url
    assert RateLimitErrorRetryHandler in handlers and ServerErrorRetryHandler in handlers
    # Each request's client: the fake's URL, the bot token from `authorize`, the retries; no auth.test.
    bot = BotDriver(app, slack, toggl, SIGNING_SECRET)
    assert bot.command("users").status == 200
    slack.fail_next("views.open")  # 429 with Retry-After: 1
    bot.shortcut("toggl_rate_set")
    opened = slack.calls_to("views.open")
    assert [(c.status, c.token) for c in opened] == [(429, BOT_TOKEN), (200, BOT_TOKEN)]
    assert slack.calls_to("auth.test") == []
