"""Refs: short ids for accepted commands, and their records in Redis.

A ref is derived from Slack's ``trigger_id``, so a request delivered twice maps
to the same ref and is recognised instead of run again. :class:`RefStore` is
the only code that reads or writes a ref's Redis hash, including the atomic
approval decision.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable

from redis import Redis
from redis.client import Pipeline
from redis.exceptions import WatchError

PREFIX = "togglbot:ref:"
USER_REFS = "togglbot:user-refs:"
FINAL_CLAIMS = "togglbot:final:"
OPEN_APPROVALS = "togglbot:approvals:open"
RECORD_TTL = 14 * 86400


class State(StrEnum):
    """Where a ref stands."""

    QUEUED = "queued"
    AWAITING_APPROVAL = "awaiting_approval"
    RUNNING = "running"
    DEFERRED = "deferred"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


FINAL_STATES = frozenset({State.DONE, State.FAILED, State.EXPIRED, State.REJECTED, State.CANCELLED})
EXECUTED_STATES = frozenset({State.DONE, State.FAILED})  # the change ran (and is audited)


class Decision(StrEnum):
    """What can end an approval request."""

    APPROVE = "approve"
    REJECT = "reject"
    EXPIRE = "expire"
    CANCEL = "cancel"
    FAIL = "fail"  # the card could not be posted


DECISION_STATES = {Decision.APPROVE: State.QUEUED, Decision.REJECT: State.REJECTED,
                   Decision.EXPIRE: State.EXPIRED, Decision.CANCEL: State.CANCELLED,
                   Decision.FAIL: State.FAILED}


@dataclass
class RefRecord:
    """One accepted command: who asked, what, where to answer, and where it stands."""

    ref: str
    trigger_id: str = ""
    user_id: str = ""
    user_name: str = ""
    channel_id: str = ""
    team_id: str = ""
    response_url: str = field(default="", repr=False)
    command: dict[str, Any] = field(default_factory=dict)  # Command.to_dict()
    summary: str = ""
    action: str = ""
    state: State = State.QUEUED
    created_at: float = 0.0
    updated_at: float = 0.0
    detail: str = ""  # the latest outcome or note, one line
    reason: str = ""  # why it failed, in a few words (status, the audit feed)
    attempt: int = 1
    deferrals: int = 0
    approval: bool = False  # went through an approval request
    expires_at: float = 0.0
    approval_channel: str = ""
    card_channel: str = ""
    card_ts: str = ""
    workspace_label: str = ""
    decided_by: str = ""
    decided_at: float = 0.0
    decision: str = ""
    plan: dict[str, Any] = field(default_factory=dict)  # bot.plans.Plan.to_dict(), made once
    planned_at: float = 0.0
    progress: dict[str, Any] = field(default_factory=dict)  # step index → {"state": sending|done, "result"}
    deferred_since: float = 0.0  # the first quota deferral
    undone_by: str = ""  # the ref that undoes (or is undoing) this one

    @property
    def final(self) -> bool:
        """Whether the ref has ended."""
        return self.state in FINAL_STATES


_TYPES = {f.name: f.type for f in dataclasses.fields(RefRecord)}
_JSON = "json:"


@dataclass(frozen=True)
class DecisionOutcome:
    """One attempt to decide: applied, or the state that stopped it."""

    applied: bool
    state: str
    decided_by: str = ""
    decided_at: float = 0.0


def ref_for(trigger_id: str, salt: int = 0) -> str:
    """Six characters of base32 from a hash of the trigger id."""
    digest = hashlib.sha256(f"{trigger_id}:{salt}".encode()).digest()
    return base64.b32encode(digest).decode()[:6].lower()


def job_id_for(ref: str, suffix: str = "") -> str:
    """The RQ job id of a ref (``suffix`` for retries and deferrals)."""
    return f"cmd-{ref}{suffix}"


# First come, first served: two undos of one ref cannot both start.
_CLAIM_UNDO = """
local holder = redis.call('HGET', KEYS[1], 'undone_by')
if not holder or holder == '' then
  redis.call('HSET', KEYS[1], 'undone_by', ARGV[1])
  return ARGV[1]
end
return holder
"""


class RefStore:
    """Records of accepted commands, in Redis hashes ``togglbot:ref:<ref>``."""

    def __init__(self, redis: Redis):
        self._redis = redis
        self._claim_undo = redis.register_script(_CLAIM_UNDO)

    def claim(self, trigger_id: str) -> tuple[str, bool]:
        """The ref for ``trigger_id`` and whether it is new (False: a repeat delivery)."""
        for salt in range(8):
            ref = ref_for(trigger_id, salt)
            with self._redis.pipeline(transaction=False) as pipe:  # one round trip
                pipe.hsetnx(PREFIX + ref, "trigger_id", trigger_id)
                pipe.expire(PREFIX + ref, RECORD_TTL)
                claimed, _ = pipe.execute()
            if claimed:
                return ref, True
            if self._redis.hget(PREFIX + ref, "trigger_id") == trigger_id.encode():
                return ref, False
        raise RuntimeError("no free ref for this trigger id")

    def create(self, record: RefRecord, pipeline: Pipeline | None = None) -> None:
        """Write a claimed ref's whole record and list it under its requester (inside
        ``pipeline`` when given, so it lands together with the job)."""
        record.created_at = record.updated_at = time.time()
        pipe = pipeline if pipeline is not None else self._redis.pipeline()
        pipe.hset(PREFIX + record.ref, mapping=_encode(dataclasses.asdict(record)))
        pipe.expire(PREFIX + record.ref, RECORD_TTL)
        if record.user_id:
            pipe.lpush(USER_REFS + record.user_id, record.ref)
            pipe.ltrim(USER_REFS + record.user_id, 0, 49)
            pipe.expire(USER_REFS + record.user_id, RECORD_TTL)
        if pipeline is None:
            pipe.execute()

    def discard(self, ref: str) -> None:
        """Forget a ref whose job could not be queued."""
        self._redis.delete(PREFIX + ref)

    def get(self, ref: str) -> RefRecord | None:
        """The record of ``ref``, or None."""
        raw = self._redis.hgetall(PREFIX + ref)
        return _decode(raw) if raw and b"ref" in raw else None

    def update(self, ref: str, **fields: Any) -> None:
        """Change some fields of the record (state, detail, …) and stamp the time."""
        unknown = set(fields) - set(_TYPES)
        if unknown:
            raise TypeError(f"a ref record has no field {sorted(unknown)[0]!r}")
        fields["updated_at"] = time.time()
        self._redis.hset(PREFIX + ref, mapping=_encode(fields))

    def recent_for(self, user_id: str, limit: int = 5) -> list[RefRecord]:
        """The user's latest records, newest first."""
        refs = [r.decode() for r in self._redis.lrange(USER_REFS + user_id, 0, limit - 1)]
        return [rec for rec in (self.get(ref) for ref in refs) if rec]

    def claim_undo(self, ref: str, undo_ref: str) -> str:
        """Mark ``ref`` as being undone by ``undo_ref``, unless another ref already is; return the one that is."""
        return self._claim_undo(keys=[PREFIX + ref], args=[undo_ref]).decode()

    def release_undo(self, ref: str, undo_ref: str) -> None:
        """``undo_ref`` did not complete: ``ref`` may be undone again."""
        if (self._redis.hget(PREFIX + ref, "undone_by") or b"").decode() == undo_ref:
            self._redis.hdel(PREFIX + ref, "undone_by")

    def open_approval(self, ref: str) -> None:
        """List ``ref`` among the open approval requests."""
        self._redis.zadd(OPEN_APPROVALS, {ref: time.time()})

    def open_approvals(self) -> list[RefRecord]:
        """Open approval requests, newest first (closed ones leave the index as they are met)."""
        found = []
        for raw in self._redis.zrevrange(OPEN_APPROVALS, 0, -1):
            record = self.get(raw.decode())
            if record and record.state == State.AWAITING_APPROVAL and record.expires_at > time.time():
                found.append(record)
            elif not record or record.state != State.AWAITING_APPROVAL:
                self._redis.zrem(OPEN_APPROVALS, raw)
        return found

    def claim_final(self, ref: str) -> bool:
        """True exactly once per ref: the right to post its one final message."""
        return bool(self._redis.set(FINAL_CLAIMS + ref, "1", nx=True, ex=RECORD_TTL))

    def decide(self, ref: str, decision: Decision, user_id: str, now: float | None = None,
               then: Callable[[Pipeline], None] | None = None) -> DecisionOutcome:
        """Move ``ref`` out of ``awaiting_approval`` by ``decision``; only the first call wins.

        The state change and whatever ``then`` adds to the pipeline (the jobs the
        decision starts) are one Redis transaction: a decision never lands
        without its jobs. Two clicks on two web processes cannot both win
        (``WATCH``). Clicks and cancels respect the expiry; the expiry job and a
        failed card do not.
        """
        now = time.time() if now is None else now
        key = PREFIX + ref
        with self._redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    state, by, at, expires = pipe.hmget(key, "state", "decided_by", "decided_at", "expires_at")
                    if state is None:
                        return DecisionOutcome(False, "missing")
                    if state.decode() != State.AWAITING_APPROVAL:
                        return DecisionOutcome(False, state.decode(), (by or b"").decode(), float(at or 0))
                    expiring = decision not in (Decision.EXPIRE, Decision.FAIL) and 0 < float(expires or 0) <= now
                    outcome = (DecisionOutcome(False, State.EXPIRED, "", now) if expiring
                               else DecisionOutcome(True, DECISION_STATES[decision], user_id, now))
                    pipe.multi()
                    pipe.hset(key, mapping=_encode({"state": outcome.state, "decided_by": outcome.decided_by,
                                                    "decided_at": now, "updated_at": now,
                                                    "decision": "" if expiring else decision}))
                    if outcome.applied and then is not None:
                        then(pipe)
                    pipe.execute()
                    return outcome
                except WatchError:
                    continue


def _encode(fields: dict[str, Any]) -> dict[str, str]:
    encoded = {}
    for key, value in fields.items():
        if isinstance(value, (dict, list, bool)) or value is None:
            encoded[key] = _JSON + json.dumps(value)
        elif isinstance(value, float):
            encoded[key] = f"{value:.3f}"
        else:
            encoded[key] = str(value)
    return encoded


def _decode(raw: dict[bytes, bytes]) -> RefRecord:
    values: dict[str, Any] = {}
    for key, blob in raw.items():
        name, text = key.decode(), blob.decode()
        if name not in _TYPES:
            continue  # a field an older or newer version wrote
        if text.startswith(_JSON):
            values[name] = json.loads(text[len(_JSON):])
        elif _TYPES[name] == "float":
            values[name] = float(text or 0)
        elif _TYPES[name] == "int":
            values[name] = int(text or 0)
        elif _TYPES[name] == "State":
            values[name] = State(text)
        else:
            values[name] = text
    return RefRecord(**values)
