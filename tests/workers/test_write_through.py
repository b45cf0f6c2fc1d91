"""Write-through cache (SPEC §12): a change updates the cached look-ups from Toggl's answer, so the
next change costs exactly its write, and what the cache says afterwards is what Toggl holds."""
from __future__ import annotations

import dataclasses

import pytest

from bot.refs import State
from tests.conftest import MEMBER
from workers import lookups
from workers.changes.flow import run_change
from workers.outcomes import finish


@pytest.fixture
def services(services, settings):
    services.settings = dataclasses.replace(settings, approval_required=frozenset())
    return services


def sent(toggl) -> list[tuple[str, str]]:
    return [(r.method, r.path.split("?")[0]) for r in toggl.requests]


# (a first change that warms the look-ups, a second change of the same kind, the one request it sends)
WARM = [
    ("user set cat@acme.test rate=50", "user set cat@acme.test rate=60 working_hours=7h", "PUT"),
    ("user set cat@acme.test role=teamlead", "user set dan@acme.test role=projectlead", "PUT"),
    ("user deactivate dan@acme.test", "user reactivate dan@acme.test", "PUT"),
    ("user remove dan@acme.test", "user remove cat@acme.test", "DELETE"),
    ("rate set cat@acme.test 50", "rate set cat@acme.test 55", "POST"),
    ("rate set cat@acme.test 40 labor", "rate set cat@acme.test 42 labor", "POST"),
    ("rate set workspace 55", "rate set workspace 60", "POST"),
    ("rate set workspace 20 labor", "rate set workspace 25 labor", "POST"),
    ('rate set project:"Website" 90', 'rate set project:"Website" 95', "POST"),
    ('rate set project:"Mobile App" cat@acme.test 60', 'rate set project:"Mobile App" cat@acme.test 65', "POST"),
    ('rate set project:"Mobile App" cat@acme.test 33 labor', 'rate set project:"Mobile App" cat@acme.test 34 labor',
     "POST"),
    ("rate set task:2001 20", "rate set task:2001 25", "POST"),
    ("reminder add 6h daily cat@acme.test group:6001", "reminder add 5h weekly dan@acme.test group:6002", "POST"),
    ("reminder update 8001 7h", "reminder update 8001 6h weekly", "PUT"),
    ("reminder update 8001 7h", "reminder delete 8001", "DELETE"),
    ("client archive Globex", "client archive Initech", "POST"),
    ("client archive Globex", "client restore Globex", "POST"),
    ("workspace set rounding_minutes=15", "workspace set rounding_minutes=30 rounding=up", "PUT"),
]


@pytest.mark.parametrize(("first", "second", "method"), WARM, ids=[row[1] for row in WARM])
def test_a_warm_change_is_exactly_one_request(run_handler, toggl, first, second, method) -> None:
    assert run_handler(first)["text"].startswith("✅")
    toggl.clear_requests()
    assert run_handler(second)["text"].startswith("✅")
    assert [m for m, _ in sent(toggl)] == [method], sent(toggl)


@pytest.mark.parametrize("first, second", [
    ("client rename Globex Globex2", "client rename Initech Initech2"),
    ("client notes Globex hello", "client notes Globex again"),
])
def test_a_whole_client_write_always_starts_from_a_fresh_read(run_handler, toggl, first, second) -> None:
    run_handler(first)
    toggl.clear_requests()
    assert run_handler(second)["text"].startswith("✅")
    assert [method for method, _ in sent(toggl)] == ["GET", "PUT"]


def test_a_warm_profile_change_is_one_put(services, run_handler, toggl) -> None:
    services.tokens.hold_pending("connect1", toggl.demo["user_token"])
    services.tokens.accept_pending("connect1", MEMBER)
    assert run_handler("profile set timezone=Europe/Riga", MEMBER)["text"].startswith("✅")
    toggl.clear_requests()
    assert run_handler("profile set timezone=Europe/Tallinn beginning_of_week=0", MEMBER)["text"].startswith("✅")
    assert sent(toggl) == [("PUT", "/me")]


def test_the_cached_people_hold_what_toggl_answered(services, run_handler, toggl) -> None:
    wid = toggl.demo["workspace"]["id"]
    run_handler("user set cat@acme.test rate=61 working_hours=6h")
    run_handler("rate set cat@acme.test 31 labor")
    cached = next(p for p in services.cache.get(lookups.key(wid, "workspace_users")) if p["email"] == "cat@acme.test")
    with toggl.state.lock:
        held = toggl.state.workspace_users[cached["id"]]
    assert (cached["rate"], cached["labor_cost"], cached["working_hours_in_minutes"]) == (61, 31, 360)
    assert (held["rate"], held["labor_cost"], held["working_hours_in_minutes"]) == (61, 31, 360)


def test_a_removed_person_leaves_the_cached_list(services, run_handler, toggl) -> None:
    run_handler("user remove dan@acme.test")
    people = services.cache.get(lookups.key(toggl.demo["workspace"]["id"], "workspace_users"))
    assert "dan@acme.test" not in {p["email"] for p in people}


def test_a_created_reminder_joins_the_cached_list(services, run_handler, toggl) -> None:
    run_handler("reminder delete 8001")
    run_handler("reminder add 6h daily cat@acme.test")
    cached = services.cache.get(lookups.key(toggl.demo["workspace"]["id"], "reminders"))
    assert [(r["threshold"], r["frequency"]) for r in cached] == [(6, 1)]


def test_a_rate_starting_later_leaves_the_amount_in_force(services, run_handler, toggl) -> None:
    run_handler("rate set cat@acme.test 50")
    run_handler("rate set cat@acme.test 99 start=2099-01-01")
    toggl.clear_requests()
    shown = run_handler("preview rate set cat@acme.test 51")
    assert "50.00 → 51.00" in str(shown["blocks"]) and sent(toggl) == []


def test_a_look_up_read_while_a_write_lands_is_not_kept(services, toggl) -> None:
    key = lookups.key(toggl.demo["workspace"]["id"], "clients")

    def load() -> list:
        services.cache.update(key, lambda clients: clients)  # the bot's own write lands meanwhile
        return [{"id": 1, "name": "from before the write"}]

    assert services.cache.get_or_load(key, load) == [{"id": 1, "name": "from before the write"}]
    assert services.cache.get(key) is None


def test_a_warm_undo_is_exactly_one_request(services, job_for, toggl) -> None:
    change = job_for("user set cat@acme.test rate=50 working_hours=6h")
    finish(services, services.refs.get(change.ref), run_change(services, change), State.DONE)
    toggl.clear_requests()
    assert run_change(services, job_for(f"undo {change.ref}"))["text"].startswith("✅")
    assert sent(toggl) == [("PUT", f"/workspaces/{toggl.demo['workspace']['id']}/workspace_users/5003")]


def test_workers_missing_the_same_look_up_read_toggl_once(services) -> None:
    import threading
    import time

    calls, release, ready = [], threading.Event(), threading.Barrier(3)

    def slow_load() -> list:
        calls.append(1)
        release.wait(5)
        return ["loaded"]

    def worker() -> None:
        ready.wait()
        results.append(services.cache.get_or_load("k", slow_load))

    results: list = []
    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # all three are inside get_or_load; a broken single-flight would have loaded thrice by now
    release.set()
    for thread in threads:
        thread.join()
    assert results == [["loaded"]] * 3 and len(calls) == 1
