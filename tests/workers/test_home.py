"""App Home: a desk for admins and approvers (requests with working buttons, latest changes with Undo,
quota), the connection and latest refs for everyone, kept current for the people who look."""
from __future__ import annotations

from tests.conftest import ADMIN, ADMIN2, MEMBER
from tests.support import writes


def blocks_text(view: dict) -> str:
    return str(view["blocks"])


def test_opening_home_publishes_the_admins_desk(bot, worker) -> None:
    bot.open_home(ADMIN)
    view = bot.home(ADMIN)
    text = blocks_text(view)
    for heading in ("Waiting for approval", "Latest changes", "Toggl requests left this hour",
                    "Your latest commands"):
        assert heading in text
    assert view["type"] == "home"


def test_a_members_home_shows_the_connection_and_no_desk(bot, worker) -> None:
    bot.open_home(MEMBER)
    text = blocks_text(bot.home(MEMBER))
    assert "not connected" in text and "open_toggl_connect" in text
    assert "Waiting for approval" not in text and "Latest changes" not in text


def test_a_request_can_be_approved_on_the_approvers_home(bot, worker, toggl) -> None:
    bot.open_home(ADMIN2)
    bot.home(ADMIN2)
    sent = bot.command("user remove @cat")  # user.remove needs approval by default
    assert sent.ack_text.startswith("🛂")
    view = bot.home(ADMIN2, until=lambda text: f"ref {sent.ref}" in text and "approval_approve" in text)
    assert bot.press(view, "approval_approve", sent.ref, user=ADMIN2) == 200
    result = bot.slack.wait_for(lambda: [m["text"] for m in bot.dms_to(ADMIN) if m["text"].startswith("✅")])
    assert f"ref {sent.ref}" in result[0]
    assert [w for w in writes(toggl) if w[0] == "DELETE"]
    bot.home(ADMIN2, until=lambda text: "approval_approve" not in text)  # the request left the desk


def test_the_requester_sees_their_own_request_without_buttons(bot, worker) -> None:
    bot.open_home(ADMIN)
    bot.home(ADMIN)
    sent = bot.command("user remove @cat")
    view = bot.home(ADMIN, until=lambda text: f"ref {sent.ref}" in text and "Your own request" in text)
    assert "approval_approve" not in blocks_text(view)


def test_a_refused_click_on_home_is_answered_by_direct_message(bot, worker) -> None:
    bot.open_home(ADMIN2)
    bot.home(ADMIN2)
    sent = bot.command("user remove @cat")
    view = bot.home(ADMIN2, until=lambda text: "approval_approve" in text)
    bot.press(view, "approval_approve", sent.ref, user=ADMIN2)
    bot.slack.wait_for(lambda: [m for m in bot.dms_to(ADMIN) if m["text"].startswith("✅")])
    assert bot.press(view, "approval_approve", sent.ref, user=ADMIN2) == 200  # a stale Home: already decided
    told = bot.slack.wait_for(lambda: [m["text"] for m in bot.dms_to(ADMIN2) if "already" in m["text"]])
    assert sent.ref in told[0]


def test_a_change_shows_with_an_undo_button_that_undoes_it(bot, worker, toggl) -> None:
    bot.open_home(ADMIN)
    bot.home(ADMIN)
    sent = bot.command("user set @cat rate=77")
    assert bot.result(sent)["text"].startswith("✅")
    view = bot.home(ADMIN, until=lambda text: "change_undo" in text and f"ref {sent.ref}" in text)
    assert "77.00 EUR" in blocks_text(view)
    assert bot.press(view, "change_undo", sent.ref, user=ADMIN) == 200
    bot.slack.wait_for(lambda: [m for m in bot.dms_to(ADMIN) if m["text"].startswith(f"✅ Undid ref {sent.ref}")])
    rates = [body["rate"] for method, path, body in writes(toggl) if method == "PUT" and body and "rate" in body]
    assert rates[-1] != 77


def test_a_member_gets_no_undo_button(bot, worker) -> None:
    sent = bot.command("user set @cat rate=78")
    bot.result(sent)
    bot.open_home(MEMBER)
    assert "change_undo" not in blocks_text(bot.home(MEMBER))
