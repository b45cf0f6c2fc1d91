"""Personal Toggl tokens, encrypted with Fernet before they reach Redis."""
from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from redis import Redis

TOKENS = "togglbot:token:"
PENDING = "togglbot:pending-token:"
PENDING_TTL = 3600


class TokenStoreUnavailable(Exception):
    """``TOGGLBOT_SECRET_KEY`` is not set, so tokens cannot be stored."""


class TokenStore:
    """Stores each Slack user's Toggl token encrypted; plaintext never touches Redis."""

    def __init__(self, redis: Redis, secret_key: str | None):
        self._redis = redis
        self._fernet = Fernet(secret_key.encode()) if secret_key else None

    @property
    def available(self) -> bool:
        """Whether a secret key is configured."""
        return self._fernet is not None

    def _cipher(self) -> Fernet:
        if self._fernet is None:
            raise TokenStoreUnavailable()
        return self._fernet

    def hold_pending(self, ref: str, token: str) -> None:
        """Keep a just-pasted token (encrypted) until the worker has checked it."""
        self._redis.set(PENDING + ref, self._cipher().encrypt(token.encode()), ex=PENDING_TTL)

    def take_pending(self, ref: str) -> str | None:
        """The pending token of ``ref``, removed from Redis as it is read."""
        return self._decrypt(self._redis.getdel(PENDING + ref))

    def save(self, user_id: str, token: str) -> None:
        """Store the user's checked token."""
        self._redis.set(TOKENS + user_id, self._cipher().encrypt(token.encode()))

    def get(self, user_id: str) -> str | None:
        """The user's token, or None when not connected (or the key changed)."""
        return self._decrypt(self._redis.get(TOKENS + user_id))

    def forget(self, user_id: str) -> bool:
        """Delete the user's token; True when there was one."""
        return bool(self._redis.delete(TOKENS + user_id))

    def _decrypt(self, blob: bytes | None) -> str | None:
        if blob is None:
            return None
        try:
            return self._cipher().decrypt(blob).decode()
        except InvalidToken:
            return None
