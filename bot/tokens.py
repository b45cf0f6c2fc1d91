"""Personal Toggl tokens, encrypted with Fernet before they reach Redis.

``TOGGLBOT_SECRET_KEY`` may list several keys, newest first: the first
encrypts, every one decrypts, and a token read with an older key is
encrypted again with the newest on the spot — so keys can be rotated by
putting a new one in front, and the old one dropped later. A token no key
can read any more is deleted, and its owner is asked to connect again.
"""
from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from redis import Redis

TOKENS = "togglbot:token:"
PENDING = "togglbot:pending-token:"
PENDING_TTL = 3600


class TokenStoreUnavailable(Exception):
    """``TOGGLBOT_SECRET_KEY`` is not set, so tokens cannot be stored."""


class TokenUnreadable(Exception):
    """A stored token could not be decrypted with any key (the key changed); it has been deleted."""


class TokenStore:
    """Stores each Slack user's Toggl token encrypted; plaintext never touches Redis."""

    def __init__(self, redis: Redis, secret_keys: tuple[str, ...] = ()):
        self._redis = redis
        fernets = [Fernet(key.encode()) for key in secret_keys]
        self._newest = fernets[0] if fernets else None
        self._keys = MultiFernet(fernets) if fernets else None

    @property
    def available(self) -> bool:
        """Whether a secret key is configured."""
        return self._keys is not None

    def _cipher(self) -> MultiFernet:
        if self._keys is None:
            raise TokenStoreUnavailable()
        return self._keys

    def hold_pending(self, ref: str, token: str) -> None:
        """Keep a just-pasted token (encrypted) until the worker has checked it."""
        self._redis.set(PENDING + ref, self._cipher().encrypt(token.encode()), ex=PENDING_TTL)

    def pending(self, ref: str) -> str | None:
        """The pending token of ``ref`` (it stays until it is accepted or refused)."""
        blob = self._redis.get(PENDING + ref)
        try:
            return None if blob is None else self._cipher().decrypt(blob).decode()
        except InvalidToken:
            self._redis.delete(PENDING + ref)
            return None

    def accept_pending(self, ref: str, user_id: str) -> None:
        """Store ``ref``'s checked pending token as ``user_id``'s, in one step."""
        blob = self._redis.get(PENDING + ref)
        if blob is None:
            return
        with self._redis.pipeline() as pipe:
            pipe.set(TOKENS + user_id, self._cipher().rotate(blob))
            pipe.delete(PENDING + ref)
            pipe.execute()

    def drop_pending(self, ref: str) -> None:
        """Forget ``ref``'s pending token (Toggl or the owner check refused it)."""
        self._redis.delete(PENDING + ref)

    def get(self, user_id: str) -> str | None:
        """The user's token, or None when not connected; raises :class:`TokenUnreadable`
        (after deleting it) when no configured key can read it."""
        blob = self._redis.get(TOKENS + user_id)
        if blob is None:
            return None
        cipher = self._cipher()
        try:
            return self._newest.decrypt(blob).decode()
        except InvalidToken:
            pass
        try:
            token = cipher.decrypt(blob)  # an older key: encrypt it again with the newest
        except InvalidToken:
            self._redis.delete(TOKENS + user_id)
            raise TokenUnreadable() from None
        self._redis.set(TOKENS + user_id, cipher.rotate(blob), xx=True)
        return token.decode()

    def forget(self, user_id: str) -> bool:
        """Delete the user's token; True when there was one."""
        return bool(self._redis.delete(TOKENS + user_id))

