"""The console's rendering of Slack messages as terminal text."""
from __future__ import annotations

from bot.refs import RefRecord
from sandbox.render import blocks_text, event_text
from workers.messages import approvals as approval_messages
from workers.messages.people import users_list

NAMES = {"U0ANN": "ann", "C0SANDBOX": "toggl-ops", "D00000001": "ann"}
RECORD = RefRecord("abc234", user_id="U0ANN", summary="remove dan@acme.test from the workspace",
                   expires_at=1800000000, workspace_label="Acme HQ (9001)")


def test_card_shows_facts_and_buttons_with_their_action_ids() -> None:
    card = approval_messages.card(RECORD)
    text = blocks_text(card["blocks"], card["text"], NAMES)
    assert "Who: @ann" in text and "Workspace: Acme HQ (9001)" in text
    assert "[Approve] (approval_approve abc234)" in text and "[Reject] (approval_reject abc234)" in text


def test_table_loses_its_code_fences() -> None:
    message = users_list([{"id": 5001, "name": "Ann Admin", "email": "ann@acme.test", "role": "admin"}],
                         {"name": "Acme HQ", "default_currency": "EUR"}, "abc234")
    text = blocks_text(message["blocks"], message["text"], NAMES)
    assert "```" not in text and "Ann Admin" in text


def test_direct_messages_name_the_person() -> None:
    event = {"kind": "chat.postMessage", "channel": "D00000001", "text": "✅ done"}
    assert event_text(event, NAMES, lambda _: None).startswith("● direct message to @ann")


def test_ephemeral_replies_say_who_sees_them() -> None:
    event = {"kind": "response", "url_id": "u1", "text": "hi", "response_type": "ephemeral"}
    assert event_text(event, NAMES, {"u1": "bob"}.get).startswith("↳ reply (only @bob sees)")
