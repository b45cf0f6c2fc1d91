"""A plan in words, the same wherever it is shown: card, preview, result, ``status``, audit.

Plans hold names and notes as Toggl and people gave them; everything here
escapes them (``bot.messages.text.esc``).
"""
from __future__ import annotations

from bot.messages.text import esc
from bot.messages.values import change_words, label, value_words
from bot.plans import Plan, Target


def target_name(target: Target) -> str:
    """``workspace user Cat Coder (cat@acme.test), id 5003``."""
    ident = f", id {target.id}" if target.id is not None else ""
    return " ".join(part for part in (target.kind, esc(target.name)) if part) + ident


def target_changes(plan: Plan, target: Target) -> str:
    """``billable rate 80.00 → 85.00 EUR; role user → admin``; for something new, its values
    (``threshold 6h; how often daily``); for a personal change, only the fields' names."""
    if plan.personal:
        return ", ".join(label(change.field) for change in target.changes) + " changed"
    if target.id is None and all(change.before is None for change in target.changes):
        return "; ".join(f"{label(c.field)} {value_words(c.field, c.after, plan.currency)}" for c in target.changes)
    return "; ".join(change_words(change.field, change.before, change.after, plan.currency)
                     for change in target.changes)


def plan_lines(plan: Plan) -> list[str]:
    """One bullet per target with its changes, then when it takes effect and any notes."""
    lines = [f"• {target_name(t)}: {target_changes(plan, t)}" if t.changes else f"• {target_name(t)}"
             for t in plan.targets]
    if plan.effective:
        lines.append(f"• takes effect {esc(plan.effective)}")
    lines.extend(f"• {esc(note)}" for note in plan.notes)
    return lines


def _inline_name(target: Target) -> str:
    """A person by name and email; anything else with its kind (``client Globex``, ``billable rate
    Cat Coder (cat@acme.test)``, ``new tracking reminder``)."""
    if target.kind == "workspace user":
        return esc(target.name)
    return " ".join(part for part in (target.kind, esc(target.name)) if part)


def plan_inline(plan: Plan) -> str:
    """All changes on one line: ``Cat Coder (cat@acme.test): role user → admin; client Globex: status
    active → archived``."""
    parts = [f"{_inline_name(t)}: {target_changes(plan, t)}" if t.changes else _inline_name(t)
             for t in plan.targets]
    text = "; ".join(parts)
    return f"{text} ({esc(plan.effective)})" if plan.effective else text


def what_changed(changes: str, summary: str, undo_of: str = "") -> str:
    """What a ref did, once: its plan on one line (``changes``, from :func:`plan_inline`) when it has
    one, else its summary; an undo names the ref it undoes (``undo ref k3xq2a: …``)."""
    if not changes:
        return summary
    return f"undo ref {undo_of}: {changes}" if undo_of else changes


def plan_what(plan: Plan | None, summary: str) -> str:
    """:func:`what_changed` of a stored plan (a plan that changes nothing shows the summary)."""
    if plan is None or plan.changes_nothing:
        return summary
    return what_changed(plan_inline(plan), summary, plan.undo_of)
