"""``rate show``: the current rate and its history, for any kind of target."""
from __future__ import annotations

from bot.messages.blocks import Message
from toggl.rates import list_rates
from workers import lookups
from workers.changes.rates import resolve_target
from workers.job import JobContext
from workers.messages import rates as messages
from workers.services import Services


def show_rate(svc: Services, job: JobContext) -> Message:
    """``GET /workspaces/{wid}/rates/{level}/{level_id}?type=billable_rates|labor_costs``."""
    wid = job.workspace_id
    target = resolve_target(svc, wid, job.args["target"])
    rates = list_rates(svc.toggl(), wid, target.level, target.level_id, job.args["type"])
    currency = lookups.workspace(svc, wid).get("default_currency")
    return messages.rate_history(target.label, job.args["type"], rates, currency, job.ref)
