"""Ref records in Redis: typed round trips, claims, and the atomic approval decision."""
from __future__ import annotations

import threading
import time

import pytest

from bot.refs import Decision, RefRecord, RefStore, State


def test_a_record_reads_back_with_its_types(redis) -> None:
    refs = RefStore(redis)
    refs.create(RefRecord("abcdef", user_id="UANN", command={"name": "users", "args": {}},
                          approval=True, expires_at=1234.5, progress={"0": {"state": "done"}}))
    record = refs.get("abcdef")
    assert record.state is State.QUEUED and record.approval is True and record.expires_at == 1234.5
    assert record.command == {"name": "users", "args": {}} and record.progress == {"0": {"state": "done"}}
    assert record.created_at > 0 and record.attempt == 1


def test_an_update_changes_only_the_named_fields(redis) -> None:
    refs = RefStore(redis)
    refs.create(RefRecord("abcdef", user_id="UANN", summary="list users"))
    refs.update("abcdef", state=State.DONE, attempt=2)
    record = refs.get("abcdef")
    assert (record.state, record.attempt, record.summary) == (State.DONE, 2, "list users")
    assert record.final


def test_an_update_of_a_field_records_do_not_have_is_refused(redis) -> None:
    with pytest.raises(TypeError):
        RefStore(redis).update("abcdef", colour="blue")


def test_the_same_trigger_id_claims_the_same_ref_once(redis) -> None:
    refs = RefStore(redis)
    ref, new = refs.claim("trigger-1")
    assert new and refs.claim("trigger-1") == (ref, False)


def test_only_one_final_message_may_be_claimed(redis) -> None:
    refs = RefStore(redis)
    assert refs.claim_final("abcdef") and not refs.claim_final("abcdef")


def _request(redis, ref="abcdef", ttl=3600) -> str:
    RefStore(redis).create(RefRecord(ref, user_id="UANN", state=State.AWAITING_APPROVAL,
                                     expires_at=time.time() + ttl))
    return ref


def test_first_decision_wins_and_the_second_sees_it(redis) -> None:
    store = RefStore(redis)
    ref = _request(redis)
    first = store.decide(ref, Decision.APPROVE, "UBOB")
    second = store.decide(ref, Decision.REJECT, "UCAROL")
    assert first.applied and first.state == "queued"
    assert not second.applied and (second.state, second.decided_by) == ("queued", "UBOB")


def test_decision_after_expiry_marks_it_expired(redis) -> None:
    ref = _request(redis, ttl=-1)
    decision = RefStore(redis).decide(ref, Decision.APPROVE, "UBOB")
    assert not decision.applied and decision.state == "expired"
    assert RefStore(redis).get(ref).state == "expired"


def test_expiry_job_expires_an_open_request(redis) -> None:
    ref = _request(redis, ttl=-1)
    assert RefStore(redis).decide(ref, Decision.EXPIRE, "").applied


def test_unknown_request_is_missing(redis) -> None:
    assert RefStore(redis).decide("zzzzzz", Decision.APPROVE, "UBOB").state == "missing"


def test_concurrent_clicks_apply_exactly_once(redis) -> None:
    ref = _request(redis)
    results = []
    barrier = threading.Barrier(16)

    def click(user: str) -> None:
        store = RefStore(redis.__class__.from_url(
            f"redis://127.0.0.1:{redis.connection_pool.connection_kwargs['port']}/0"))
        barrier.wait()
        results.append(store.decide(ref, Decision.APPROVE, user))

    threads = [threading.Thread(target=click, args=(f"U{i}",)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.applied for r in results) == 1
