"""What a change says: its result, a preview, and the interim note when an approval is needed."""
from __future__ import annotations

from typing import Any

from bot.messages.blocks import Message, context, ephemeral, in_channel, section
from bot.messages.plans import plan_lines
from bot.messages.text import esc
from bot.plans import Plan


def _created_id(plan: Plan, results: dict[str, Any]) -> str:
    """``#8002`` when the first step created something Toggl gave an id."""
    answer = results.get("0")
    if not plan.steps or plan.steps[0].method != "POST" or not isinstance(answer, dict):
        return ""
    found = answer.get("reminder_id") or answer.get("subscription_id") or answer.get("id")
    return f" #{found}" if found else ""


def new_id(plan: Plan, results: dict[str, Any]) -> str:
    """``#8002``: the id Toggl gave what the change created ("" when it created nothing)."""
    if not any(target.id is None for target in plan.targets):
        return ""
    return _created_id(plan, results).strip()


def result(plan: Plan, results: dict[str, Any], ref: str) -> Message:
    """``✅ <what was done> — ref k3xq2a`` and every field ``before → after``; a personal change only to its owner."""
    headline = f"✅ {esc(plan.done)}{_created_id(plan, results)} — ref {ref}"
    lines = plan_lines(plan)
    undo = "" if plan.not_undoable else f" `/toggl undo {ref}` reverses it."
    build = ephemeral if plan.personal else in_channel
    where = f"Workspace {esc(plan.workspace_name or plan.workspace_id)}.{undo}" if plan.workspace_id else undo.strip()
    return build("\n".join([headline, *lines]), section(headline), section("\n".join(lines)),
                 context(where or "Only you see this."))


def nothing_to_change(plan: Plan, ref: str) -> Message:
    """Toggl already is as asked: no request was sent."""
    target = esc(plan.targets[0].name) if plan.targets else "it"
    text = f"✅ Nothing to change: {target} already is as asked — ref {ref}"
    return ephemeral(text) if plan.personal else in_channel(text)


def preview(plan: Plan, approval_needed: bool, ref: str) -> Message:
    """``/toggl preview …``: the plan, and that nothing was changed."""
    title = f"*Preview* — ref {ref}: {esc(plan.done) or 'no change'}"
    lines = plan_lines(plan) if not plan.changes_nothing else ["• Toggl already is as asked: nothing would be sent."]
    after = []
    if approval_needed and not plan.changes_nothing:
        after.append("It would need a second admin's approval.")
    if plan.not_undoable and not plan.changes_nothing:
        after.append(f"It could not be undone: {esc(plan.not_undoable)}.")
    after.append("Nothing was changed.")
    text = "\n".join([title, *lines, *after])
    return ephemeral(text, section(title), section("\n".join(lines)), section(" ".join(after)))


def approval_pending(ref: str, summary: str) -> Message:
    """The interim note when a change turns out to need approval only once planned (an undo)."""
    return ephemeral(f"🛂 Approval requested — ref {ref}: {summary}. A second admin has to approve it; "
                     "you will get the result by direct message.")
