"""Personal tokens at rest: encrypted, rotatable keys, and what happens when no key fits."""
from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from bot.tokens import TokenStore, TokenUnreadable

OLD, NEW, OTHER = (Fernet.generate_key().decode() for _ in range(3))


def test_a_token_is_stored_encrypted(redis) -> None:
    TokenStore(redis, (NEW,)).accept_pending(_pending(redis, (NEW,), "tok-plain-123"), "U1")
    assert b"tok-plain-123" not in redis.get("togglbot:token:U1")


def test_a_new_key_in_front_reads_old_tokens_and_re_encrypts_them(redis) -> None:
    TokenStore(redis, (OLD,)).accept_pending(_pending(redis, (OLD,), "tok-rotate-1"), "U1")
    assert TokenStore(redis, (NEW, OLD)).get("U1") == "tok-rotate-1"
    assert TokenStore(redis, (NEW,)).get("U1") == "tok-rotate-1"  # the old key can go now


def test_a_token_no_key_can_read_is_deleted_and_said_so(redis) -> None:
    TokenStore(redis, (OLD,)).accept_pending(_pending(redis, (OLD,), "tok-lost-1"), "U1")
    with pytest.raises(TokenUnreadable):
        TokenStore(redis, (OTHER,)).get("U1")
    assert redis.get("togglbot:token:U1") is None
    assert TokenStore(redis, (OTHER,)).get("U1") is None  # from now on: simply not connected


def test_a_pending_token_stays_until_accepted_or_dropped(redis) -> None:
    store = TokenStore(redis, (NEW,))
    ref = _pending(redis, (NEW,), "tok-wait-1")
    assert store.pending(ref) == "tok-wait-1" and store.pending(ref) == "tok-wait-1"
    store.drop_pending(ref)
    assert store.pending(ref) is None


def _pending(redis, keys: tuple[str, ...], token: str) -> str:
    TokenStore(redis, keys).hold_pending("abc234", token)
    return "abc234"
