"""Apply a plan exactly once, whatever happens between the plan and the result.

Each step is marked ``sending`` in the ref's record before it goes to Toggl
and ``done`` (with Toggl's answer) after. A later attempt (a retried job after
a dead worker, a deferral, a Redis restart) skips ``done`` steps and, for a
step still marked ``sending``, reads Toggl back before sending it again. A
step Toggl refused (4xx, the hourly quota) is unmarked: nothing landed.
Nothing is read after the last write: the result comes from the plan and
the answers in hand, so no late read can turn a change into a retry.
"""
from __future__ import annotations

from typing import Any

from bot.plans import Plan, Step
from bot.refs import RefRecord
from toggl.api import Request, TogglAPI
from toggl.errors import TogglError
from workers.changes.base import ChangeRun, StepKind
from workers.errors import ChangedSincePlanned
from workers.services import Services

SENDING, DONE = "sending", "done"
GONE = frozenset({"removed", "deleted"})


def api_for(svc: Services, record: RefRecord, plan: Plan) -> TogglAPI:
    """The admin token's client, or the requester's own for a personal change."""
    return svc.own_toggl(record.user_id) if plan.personal else svc.toggl()


def apply_plan(svc: Services, record: RefRecord, plan: Plan, kinds: dict[str, StepKind], *,
               late: bool) -> dict[str, Any]:
    """Send the plan's steps that have not landed yet; return Toggl's answer for each step (by index).

    ``late``: time has passed since planning (an approval, a retry), so the
    fields the plan changes are read again first and must still be as planned.
    """
    run = ChangeRun(svc, plan, api_for(svc, record, plan), record.ref)
    progress: dict[str, Any] = dict(record.progress)
    if late and not progress:
        for step in plan.steps:
            _check_unchanged(run, step, kinds[step.kind])
    for index, step in enumerate(plan.steps):
        key, kind = str(index), kinds[step.kind]
        mark = progress.get(key) or {}
        if mark.get("state") == DONE:
            continue
        if mark.get("state") == SENDING:  # an earlier attempt may have reached Toggl
            found = kind.landed(run, step)
            if found is not None:
                _save(svc, record.ref, progress, key, {"state": DONE, "result": kept(found)})
                kind.remember(run, step, found)
                continue
        _save(svc, record.ref, progress, key, {"state": SENDING})
        body = kind.prepare(run, step) if kind.prepare else step.body
        api = kind.client(run) if kind.client else run.api
        try:
            answer = api.send(Request(step.method, step.path, body),
                              read_back=lambda kind=kind, step=step: kind.landed(run, step))
        except TogglError as error:
            if error.refused:
                _save(svc, record.ref, progress, key, None)
            raise
        _save(svc, record.ref, progress, key, {"state": DONE, "result": kept(answer)})
        kind.remember(run, step, answer)
    return {key: mark.get("result") for key, mark in progress.items()}


def kept(answer: Any) -> Any:
    """What is remembered of Toggl's answer to a step: ids only (a list of ids, or the id of what
    it created). Answers may hold personal data and even tokens (``PUT /me`` returns the API token)."""
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, int)]
    if isinstance(answer, dict):
        return {key: answer[key] for key in ("id", "reminder_id", "subscription_id")
                if isinstance(answer.get(key), int)}
    return True


def _check_unchanged(run: ChangeRun, step: Step, kind: StepKind) -> None:
    now = kind.current(run, step)
    target = run.plan.targets[step.target].name if run.plan.targets else ""
    for key in ("membership", "state"):  # the target itself is gone
        if now.get(key) in GONE and key not in step.expect:
            raise ChangedSincePlanned(target, key, now[key], None)
    for field, expected in step.expect.items():
        if field in now and _norm(now[field]) != _norm(expected):
            raise ChangedSincePlanned(target, field, now[field], expected, run.plan.currency)


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def _save(svc: Services, ref: str, progress: dict[str, Any], key: str, mark: dict[str, Any] | None) -> None:
    if mark is None:
        progress.pop(key, None)
    else:
        progress[key] = mark
    svc.refs.update(ref, progress=progress)

