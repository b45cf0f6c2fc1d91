"""Plans for ``profile set``, sent with the requester's own token: ``PUT /me``.

A profile holds personal data: the plan keeps the values (Redis only), but
everything shown outside the requester's own answers names the fields only.
"""
from __future__ import annotations

from typing import Any

from bot.plans import FieldChange, Plan, Step, Target
from toggl.me import get_me, update_me
from workers import cache_writes, lookups
from workers.changes.base import ChangeRun, StepKind, new_plan, same, step_for
from workers.job import JobContext
from workers.services import Services


def plan_profile_set(svc: Services, job: JobContext) -> Plan:
    """The fields given, with their values now from the requester's profile (``GET /me``, cached)."""
    me = lookups.own_profile(svc, svc.own_toggl(job.user_id))
    changed = {key: value for key, value in job.args["fields"].items() if me.get(key) != value}
    plan = new_plan(svc, job, done=f"Updated the Toggl profile of {me.get('fullname') or me.get('email')}",
                    personal=True, not_undoable="a profile is changed only by its owner: run `/toggl profile set` "
                                                "again with the old values")
    plan.targets = [Target("Toggl profile", me.get("fullname") or me.get("email") or "", me.get("id"),
                           [FieldChange(key, me.get(key), value) for key, value in changed.items()])]
    if changed:
        plan.steps = [step_for("me.update", update_me(changed), expect={key: me.get(key) for key in changed})]
    return plan


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    me = get_me(run.api)
    return {key: me.get(key) for key in step.expect}


def _landed(run: ChangeRun, step: Step) -> Any:
    me = get_me(run.api)
    return me if same(step.body, me) else None


def _remember(run: ChangeRun, step: Step, answer: Any) -> None:
    fields = {key: value for key, value in cache_writes.merged(step.body, answer).items()
              if key in lookups.PROFILE_FIELDS}
    run.svc.cache.update(f"profile:{run.api.token_id}", lambda profile: {**profile, **fields})


STEP_KINDS = {"me.update": StepKind(_current, _landed, _remember)}
PLANNERS = {"profile.set": plan_profile_set}
