"""``undo`` end to end: a signed command, a real worker, approval when ``undo`` needs it, the audit."""
from __future__ import annotations

import pytest

from tests.conftest import ADMIN, ADMIN2
from tests.support import writes

AUDIT = "C0AUDIT"


@pytest.fixture
def env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Only undos need approval here; an audit channel."""
    values = {"TOGGLBOT_APPROVAL_REQUIRED": "undo", "TOGGLBOT_NOTIFY_CHANNEL": AUDIT}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return {**env, **values}


def test_an_undo_is_approved_applied_and_audited(bot, worker, toggl, slack) -> None:
    change = bot.command("user deactivate dan@acme.test")
    assert bot.result(change)["text"].startswith("✅ Deactivated Dan Designer")
    sent = bot.command(f"undo {change.ref}")
    assert sent.ack_text.startswith(f"🛂 Approval requested — ref {sent.ref}: undo ref {change.ref}")
    card = bot.card(sent.ref)
    assert "status deactivated → active" in str(card["blocks"])
    bot.click("approval_approve", sent.ref, ADMIN2, card)
    [dm] = slack.wait_for(lambda: [d for d in bot.dms_to(ADMIN) if d["text"].startswith("✅")])
    assert dm["text"].startswith(f"✅ Undid ref {change.ref}: reactivated Dan Designer")
    with toggl.state.lock:
        assert toggl.state.workspace_users[5004]["inactive"] is False
    def audited() -> list[str] | None:
        lines = [c.args["text"] for c in slack.calls_to("chat.postMessage")
                 if c.args.get("channel") == AUDIT and f"ref {sent.ref}" in c.args["text"]]
        return lines if len(lines) >= 2 else None

    lines = slack.wait_for(audited)
    assert lines == [f"🛂 <@{ADMIN2}> approved ref {sent.ref} (<@{ADMIN}>'s undo ref {change.ref})",
                     f"📝 <@{ADMIN}> · undo ref {change.ref}: Dan Designer (dan@acme.test): status deactivated → "
                     f"active · approved by <@{ADMIN2}> · ✅ done (ref {sent.ref})"]


def test_a_refused_undo_says_why_and_changes_nothing(bot, worker, toggl) -> None:
    removal = bot.command("user remove dan@acme.test")
    assert bot.result(removal)["text"].startswith("✅ Removed 1 person")
    toggl.clear_requests()
    result = bot.result(bot.command(f"undo {removal.ref}"))
    assert result["text"].startswith("❌") and "must be invited to the workspace again" in result["text"]
    assert writes(toggl) == []
