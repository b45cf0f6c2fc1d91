"""The secrets of the bot's Toggl webhook subscriptions, encrypted in Redis, and the signature check.

Toggl signs every delivery with the subscription's secret:
``X-Webhook-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>``
(engineering.toggl.com/docs/webhooks_start/validating_received_events). Toggl
sends the validation ping while the call that creates the subscription is
still in flight, so a secret is kept as *pending* (under the ref of the
``watch`` that made it) before it is sent, and tied to the subscription id
once Toggl has answered. Secrets are encrypted with ``TOGGLBOT_SECRET_KEY``
like personal tokens; the web process reads them to check signatures, the
worker writes them.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from redis import Redis

SUBSCRIPTION = "togglbot:webhook:sub:"  # a hash per subscription: its record
TIED = "togglbot:webhook:secrets"  # one hash of every tied secret (subscription id → encrypted secret)
PENDING = "togglbot:webhook:pending:"
PENDING_REFS = "togglbot:webhook:pending-refs"  # refs whose pending secret may still exist
PENDING_TTL = 3600
SIGNATURE_PREFIX = "sha256="


@dataclass(frozen=True)
class Subscription:
    """What the bot keeps of one of its subscriptions (the secret stays encrypted in Redis)."""

    subscription_id: int
    workspace_id: int
    channel: str
    ref: str = ""


class WebhookSecrets:
    """Pending and tied secrets, and which one signed a body."""

    def __init__(self, redis: Redis, secret_keys: tuple[str, ...]):
        self._redis = redis
        self._cipher = MultiFernet([Fernet(key.encode()) for key in secret_keys]) if secret_keys else None

    @property
    def available(self) -> bool:
        """Whether a secret key is configured (without one, no secret can be kept)."""
        return self._cipher is not None

    def pending_for(self, ref: str) -> str:
        """The secret a ``watch`` sends (made once per ref: a retried job sends the same one)."""
        key = PENDING + ref
        blob = self._redis.get(key)
        if blob is not None:
            found = self._decrypt(blob)
            if found is not None:
                return found
        secret = secrets.token_urlsafe(32)
        with self._redis.pipeline() as pipe:
            pipe.set(key, self._encrypt(secret), ex=PENDING_TTL)
            pipe.sadd(PENDING_REFS, ref)
            pipe.execute()
        return secret

    def tie(self, ref: str, subscription: Subscription) -> None:
        """Toggl created the subscription: keep its secret under its id, with its channel."""
        blob = self._redis.get(PENDING + ref)
        if blob is None:
            return
        record = {"workspace_id": subscription.workspace_id, "channel": subscription.channel, "ref": ref}
        with self._redis.pipeline() as pipe:
            pipe.hset(SUBSCRIPTION + str(subscription.subscription_id), mapping={"record": json.dumps(record)})
            pipe.hset(TIED, str(subscription.subscription_id), blob)
            pipe.delete(PENDING + ref)
            pipe.srem(PENDING_REFS, ref)
            pipe.execute()

    def forget(self, subscription_id: int) -> None:
        """The subscription is gone: its deliveries are no longer accepted."""
        with self._redis.pipeline() as pipe:
            pipe.delete(SUBSCRIPTION + str(subscription_id))
            pipe.hdel(TIED, str(subscription_id))
            pipe.execute()

    def subscription(self, subscription_id: int) -> Subscription | None:
        """The bot's record of a subscription, if it made it."""
        raw = self._redis.hget(SUBSCRIPTION + str(subscription_id), "record")
        if raw is None:
            return None
        record = json.loads(raw)
        return Subscription(subscription_id, int(record["workspace_id"]), record["channel"], record.get("ref", ""))

    def signed_by_us(self, body: bytes, signature: str | None) -> bool:
        """Whether ``signature`` is Toggl's signature of the raw ``body`` with one of the bot's secrets
        (tied or pending). Nothing of the body is read before this says yes."""
        if not signature or not signature.startswith(SIGNATURE_PREFIX) or self._cipher is None:
            return False
        given = signature[len(SIGNATURE_PREFIX):].strip().lower()
        matched = False
        for secret in self._all_secrets():
            expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            matched |= hmac.compare_digest(expected, given)  # no early exit: the same time for every secret
        return matched

    def _all_secrets(self) -> list[str]:
        # Two indexes instead of a key scan: a check costs two round trips however big Redis is.
        with self._redis.pipeline(transaction=False) as pipe:
            pipe.hvals(TIED)
            pipe.smembers(PENDING_REFS)
            tied, refs = pipe.execute()
        refs = sorted(ref.decode() if isinstance(ref, bytes) else ref for ref in refs)
        pending = self._redis.mget([PENDING + ref for ref in refs]) if refs else []
        expired = [ref for ref, blob in zip(refs, pending) if blob is None]
        if expired:
            self._redis.srem(PENDING_REFS, *expired)
        return [secret for blob in [*tied, *pending]
                if blob is not None and (secret := self._decrypt(blob)) is not None]

    def _encrypt(self, secret: str) -> bytes:
        if self._cipher is None:
            raise RuntimeError("TOGGLBOT_SECRET_KEY is not set")
        return self._cipher.encrypt(secret.encode())

    def _decrypt(self, blob: Any) -> str | None:
        try:
            return self._cipher.decrypt(blob).decode() if self._cipher else None
        except InvalidToken:
            return None

