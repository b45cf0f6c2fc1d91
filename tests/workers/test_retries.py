"""A retried job (its first worker died) never applies a change twice."""
from __future__ import annotations

from bot.catalogue import Command
from bot.refs import RefRecord, RefStore, State
from tests.support import writes
from workers.handlers.base import JobContext
from workers.handlers.people import remove_users
from workers.services import Services


def test_retried_removal_uses_the_people_resolved_before_and_sends_nothing(settings, redis, toggl) -> None:
    dan = toggl.demo["workspace_users"][3]
    refs = RefStore(redis)
    command = Command("user.remove", {"who": [{"email": "dan@acme.test"}]})
    refs.create(RefRecord("abcdef", user_id="U0ADMIN1", command=command.to_dict(), state=State.RUNNING))
    svc = Services(settings, redis)
    first = JobContext("abcdef", command, refs.get("abcdef"), attempt=1, workspace_id=dan["wid"])
    remove_users(svc, first)  # the first attempt removes Dan ...
    assert writes(toggl) == [("DELETE", f"/workspaces/{dan['wid']}/workspace_users/{dan['id']}", None)]
    toggl.clear_requests()
    retry = JobContext("abcdef", command, refs.get("abcdef"), attempt=2, workspace_id=dan["wid"])  # ... and its worker dies
    message = remove_users(svc, retry)
    assert message["text"].startswith("✅ Removed 1 person") and "Dan Designer" in message["text"]
    assert writes(toggl) == []
