"""``clients`` and ``client rename|notes|archive|restore`` end to end through a real worker."""
from __future__ import annotations

import pytest

from tests.support import assert_failure, assert_success, wid, writes


def client(toggl, name: str) -> dict:
    return next(c for c in toggl.demo["clients"] if c["name"] == name)


# ----------------------------------------------------------------- listing
def test_clients_lists_the_active_ones(bot, worker, toggl) -> None:
    sent = bot.command("clients")
    result = bot.result(sent)
    assert ("GET", f"/workspaces/{wid(toggl)}/clients", {"status": "both"}) in [
        (r.method, r.path, r.query) for r in toggl.requests]
    assert result["response_type"] == "ephemeral"
    assert f"ref {sent.ref}" in result["text"]
    shown = str(result["blocks"])
    assert "Globex" in shown and "Initech" in shown and "Umbrella" not in shown


def test_clients_archived_lists_only_archived_ones(bot, worker) -> None:
    shown = str(bot.result(bot.command("clients archived"))["blocks"])
    assert "Umbrella" in shown and "former client" in shown
    assert "Globex" not in shown and "Initech" not in shown


def test_clients_search_filters_by_name(bot, worker) -> None:
    shown = str(bot.result(bot.command("clients glob"))["blocks"])
    assert "Globex" in shown and "Initech" not in shown


def test_the_client_list_is_cached(bot, worker, toggl) -> None:
    bot.result(bot.command("clients"))
    toggl.clear_requests()
    shown = str(bot.result(bot.command("clients"))["blocks"])
    assert "Globex" in shown
    assert toggl.requests == []


def test_the_cached_clients_show_a_rename_without_a_request(bot, worker, toggl) -> None:
    bot.result(bot.command("clients"))
    bot.result(bot.command('client rename Globex "Globex Corp"'))
    toggl.clear_requests()
    shown = str(bot.result(bot.command("clients"))["blocks"])
    assert "Globex Corp" in shown
    assert toggl.requests == []


# ------------------------------------------------------------------ rename
# Demo clients: Globex 3001 and Initech 3002 (no notes), Umbrella 3003 (archived, notes "former client").
RENAMES = [
    ('client rename Globex "Globex Corp"', 3001, {"name": "Globex Corp", "notes": ""}),
    ("client rename Umbrella Umbrella-Old", 3003, {"name": "Umbrella-Old", "notes": "former client"}),
    ("client rename 3002 Initrode", 3002, {"name": "Initrode", "notes": ""}),
    ("client rename globex Globex2", 3001, {"name": "Globex2", "notes": ""}),
    ("client rename “Globex” “Globex Corp”", 3001, {"name": "Globex Corp", "notes": ""}),
]


@pytest.mark.parametrize("text, client_id, body", RENAMES, ids=[row[0] for row in RENAMES])
def test_rename_puts_the_new_name_with_the_notes_as_they_are(bot, worker, toggl, text, client_id, body) -> None:
    sent = bot.command(text)
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{wid(toggl)}/clients/{client_id}", body)]
    assert_success(result, sent)
    assert f"to {body['name']}" in result["text"]


def test_ambiguous_client_name_lists_candidates_and_puts_nothing(bot, worker, toggl) -> None:
    globex = client(toggl, "Globex")
    other = toggl.add_client(wid(toggl), "GLOBEX")
    sent = bot.command("client rename globex Globex2")
    result = bot.result(sent)
    assert_failure(result, sent)
    assert f"Globex (id {globex['id']})" in result["text"]
    assert f"GLOBEX (id {other['id']})" in result["text"]
    assert writes(toggl) == []


def test_unknown_client_fails_and_puts_nothing(bot, worker, toggl) -> None:
    sent = bot.command('client rename "Acme Rockets" Rockets')
    result = bot.result(sent)
    assert_failure(result, sent)
    assert "There is no client “Acme Rockets”" in result["text"]
    assert writes(toggl) == []


def test_an_unknown_client_offers_up_to_three_close_names(bot, worker, toggl) -> None:
    for name in ("Globe Corp", "Globax", "Glob", "Initech Two"):
        toggl.add_client(wid(toggl), name)
    sent = bot.command("client archive 'Globx'")
    result = bot.result(sent)
    assert_failure(result, sent)
    suggestions = result["text"].split("did you mean ", 1)[1]
    assert suggestions.count("“") == 3 and "“Globex”" in suggestions and "Globe Corp" not in suggestions
    assert writes(toggl) == []


# ------------------------------------------------------------------- notes
def test_client_notes_puts_the_notes_and_keeps_the_name(bot, worker, toggl) -> None:
    globex = client(toggl, "Globex")
    sent = bot.command('client notes Globex "pays in 30 days"')
    result = bot.result(sent)
    assert writes(toggl) == [("PUT", f"/workspaces/{wid(toggl)}/clients/{globex['id']}",
                              {"name": "Globex", "notes": "pays in 30 days"})]
    assert_success(result, sent)
    assert "pays in 30 days" in result["text"]


# ------------------------------------------------------- archive / restore
ARCHIVING = [
    ("client archive Globex", 3001, "archive", "Archived client Globex and 1 of its projects", True),
    ("client restore Umbrella", 3003, "restore", "Restored client Umbrella", False),
]


@pytest.mark.parametrize("text, client_id, verb, headline, archived", ARCHIVING, ids=[row[0] for row in ARCHIVING])
def test_archive_and_restore_post_their_endpoint(bot, worker, toggl, text, client_id, verb, headline,
                                                 archived) -> None:
    sent = bot.command(text)
    result = bot.result(sent)
    assert [w[:2] for w in writes(toggl)] == [("POST", f"/workspaces/{wid(toggl)}/clients/{client_id}/{verb}")]
    assert_success(result, sent)
    assert headline in result["text"]
    assert toggl.state.clients[client_id]["archived"] is archived


def test_client_archive_on_a_free_workspace_fails_with_the_plan_message(bot, worker, toggl) -> None:
    ann = toggl.demo["users"][0]
    free = toggl.add_workspace(toggl.demo["org"]["id"], name="Side Project", plan="free")
    toggl.add_workspace_user(free["id"], ann["id"], role="admin")
    hooli = toggl.add_client(free["id"], "Hooli")
    sent = bot.command(f"client archive Hooli ws={free['id']}")
    result = bot.result(sent)
    assert [w[:2] for w in writes(toggl)] == [
        ("POST", f"/workspaces/{free['id']}/clients/{hooli['id']}/archive")]
    assert_failure(result, sent)
    assert "Must be a premium user to archive clients" in result["text"]


def test_slack_escaped_notes_reach_toggl_as_typed(bot, worker, toggl) -> None:
    sent = bot.command('client notes Globex "Invoices to finance@bigco.example & co <now>"')
    assert bot.result(sent)["text"].startswith("✅")
    assert writes(toggl) == [("PUT", f"/workspaces/{wid(toggl)}/clients/3001",
                              {"name": "Globex", "notes": "Invoices to finance@bigco.example & co <now>"})]
