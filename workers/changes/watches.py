"""Plans for ``watch`` / ``unwatch``: Toggl webhook subscriptions that post to a Slack channel.

``watch`` creates a subscription whose ``url_callback`` is the bot's
``POST /toggl/webhooks`` (``TOGGLBOT_PUBLIC_URL``), with a fresh secret that
never enters the plan: it is made when the request is sent, kept encrypted
as pending (the validation ping comes while the create is in flight) and
tied to the subscription id from Toggl's answer.
"""
from __future__ import annotations

from typing import Any

from bot.catalogue import Command
from bot.messages.summaries import event_words
from bot.plans import FieldChange, Plan, Step, Target
from bot.webhook_secrets import Subscription
from toggl.webhooks import create_subscription, delete_subscription, event_filters, limits, list_subscriptions
from workers import lookups
from workers.changes.base import ChangeRun, StepKind, new_plan, step_for
from workers.errors import Guarded, NotFound
from workers.job import JobContext
from workers.services import Services

CALLBACK_PATH = "/toggl/webhooks"


def subscriptions(svc: Services, wid: int) -> list[dict[str, Any]]:
    """The workspace's subscriptions, read now (the list holds secrets: never cached)."""
    return list_subscriptions(svc.webhooks_api(), wid)


def plan_watch(svc: Services, job: JobContext) -> Plan:
    """``POST /subscriptions/{wid}``: the events, checked against Toggl's list and the plan's limits."""
    wid, args = job.workspace_id, job.args
    if not svc.settings.public_url:
        raise Guarded("the bot has no public address Toggl could send events to; ask whoever runs the bot "
                      "to give it one (README, Team notifications)")
    if not svc.webhook_secrets.available:
        raise Guarded("the bot has no key to keep a webhook secret with; ask whoever runs the bot to set one")
    _check_events(svc, args["filters"])
    allowed = svc.cache.get_or_load(f"webhook-limits:{wid}", lambda: limits(svc.webhooks_api(), wid))
    bot_user = lookups.service_user_id(svc)  # the limits count the subscriptions of the token's user
    mine = [s for s in subscriptions(svc, wid) if s.get("enabled") and int(s.get("user_id") or 0) == bot_user]
    most, events = allowed.get("max_webhooks"), allowed.get("max_events_per_webhook")
    if most is not None and len(mine) >= int(most):
        raise Guarded(f"Toggl allows {most} webhook subscription(s) on this workspace's plan and the bot has "
                      f"{len(mine)}; `/toggl unwatch <id>` one first (`/toggl watches` lists them)")
    if events is not None and len(args["filters"]) > int(events):
        raise Guarded(f"Toggl allows {events} events per subscription on this plan; name fewer")
    channel = args.get("channel") or svc.settings.notify_channel or job.record.channel_id
    where = "#" + (args.get("channel_name") or channel)
    plan = new_plan(svc, job, done="Started Toggl notification")
    plan.targets = [Target("new Toggl notification", f"to {where}", None,
                           [FieldChange("events", None, [event_words(e) for e in args["filters"]])],
                           details={"channel": channel, "channel_name": args.get("channel_name", "")})]
    if most is not None:
        plan.notes = [f"it uses {len(mine) + 1} of the {most} webhook subscriptions Toggl allows on this plan"
                      + (f", with {len(args['filters'])} of {events} events" if events is not None else "")]
    description = f"Toggl Ops Bot → {where} (ref {job.ref})"
    request = create_subscription(wid, svc.settings.public_url + CALLBACK_PATH, args["filters"], description)
    plan.steps = [step_for("webhook.create", request, check={"description": description, "channel": channel})]
    return plan


def _check_events(svc: Services, wanted: list[dict[str, str]]) -> None:
    known = svc.cache.get_or_load("webhook-event-filters", lambda: event_filters(svc.webhooks_api()))
    for event in wanted:
        entity, action = event["entity"], event["action"]
        if entity != "*" and entity not in known:
            raise Guarded(f"Toggl sends no `{entity}` events; it knows " + ", ".join(sorted(known)))
        actions = {a for acts in known.values() for a in acts} if entity == "*" else set(known[entity])
        if action != "*" and action not in actions:
            raise Guarded(f"Toggl sends no `{entity}.{action}` events; actions: " + ", ".join(sorted(actions)))


def plan_unwatch(svc: Services, job: JobContext) -> Plan:
    """``DELETE /subscriptions/{wid}/{id}``; what it watched is kept, so undo can watch it again."""
    wid, sid = job.workspace_id, job.args["subscription_id"]
    found = next((s for s in subscriptions(svc, wid) if int(s.get("subscription_id") or 0) == sid), None)
    if found is None:
        raise NotFound("Toggl notification", f"#{sid}", [])
    ours = svc.webhook_secrets.subscription(sid)
    filters = [{"entity": f.get("entity"), "action": f.get("action")} for f in found.get("event_filters") or []]
    plan = new_plan(svc, job, done=f"Stopped Toggl notification #{sid}")
    plan.targets = [Target("Toggl notification", f"#{sid} ({found.get('description') or 'no description'})", sid,
                           [FieldChange("state", "exists", "deleted")],
                           details={"filters": filters, "channel": ours.channel if ours else ""})]
    plan.steps = [step_for("webhook.delete", delete_subscription(wid, sid), expect={"state": "exists"},
                           check={"id": sid})]
    return plan


def _send_with_secret(run: ChangeRun, step: Step) -> dict[str, Any]:
    return {**step.body, "secret": run.svc.webhook_secrets.pending_for(run.ref)}


def _one(run: ChangeRun, step: Step, **match: Any) -> dict[str, Any] | None:
    return next((s for s in subscriptions(run.svc, run.plan.workspace_id)
                 if all(s.get(key) == value for key, value in match.items())), None)


def _created(run: ChangeRun, step: Step) -> Any:
    return _one(run, step, description=step.check["description"])


def _remember_created(run: ChangeRun, step: Step, answer: Any) -> None:
    if isinstance(answer, dict) and answer.get("subscription_id"):
        run.svc.webhook_secrets.tie(run.ref, Subscription(int(answer["subscription_id"]), run.plan.workspace_id,
                                                          step.check["channel"], run.ref))


def _current(run: ChangeRun, step: Step) -> dict[str, Any]:
    return {"state": "exists" if _one(run, step, subscription_id=step.check["id"]) else "deleted"}


def _deleted(run: ChangeRun, step: Step) -> Any:
    return True if _one(run, step, subscription_id=step.check["id"]) is None else None


def _webhooks(run: ChangeRun) -> Any:
    return run.svc.webhooks_api()


STEP_KINDS = {
    "webhook.create": StepKind(lambda run, step: {}, _created, _remember_created, prepare=_send_with_secret,
                               client=_webhooks),
    "webhook.delete": StepKind(_current, _deleted, lambda run, step, answer: run.svc.webhook_secrets.forget(
        step.check["id"]), client=_webhooks),
}
PLANNERS = {"watch": plan_watch, "unwatch": plan_unwatch}


def inverse_watch(plan: Plan, results: dict[str, Any]) -> Command:
    """Stop the subscription that was created."""
    created = results.get("0") or {}
    return Command("unwatch", {"subscription_id": int(created.get("subscription_id") or 0)}, plan.workspace_id)


def inverse_unwatch(plan: Plan, results: dict[str, Any]) -> Command:
    """Watch the same events again (a new subscription, a new secret)."""
    details = plan.targets[0].details
    args: dict[str, Any] = {"filters": details["filters"]}
    if details.get("channel"):
        args["channel"] = details["channel"]
    return Command("watch", args, plan.workspace_id)


INVERSES = {"watch": inverse_watch, "unwatch": inverse_unwatch}
