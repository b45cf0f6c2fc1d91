"""Quota buckets as Toggl counts them: which bucket a path counts in, and what closes one."""
from __future__ import annotations

import pytest

from toggl.quota import QuotaBook


@pytest.mark.parametrize(("path", "bucket"), [
    ("/me", "me"),
    ("/me/quota", "me"),
    ("/me/workspaces", "me"),
    ("/meetings", "other"),
    ("/organizations/7001/groups", "org:7001"),
    ("/organizations/7001", "org:7001"),
    ("/workspaces/9001/workspace_users", "org:7001"),
    ("/workspaces/9001", "org:7001"),
    ("/workspaces/9002/clients", "ws:9002"),
])
def test_a_path_counts_in_its_bucket(redis, path, bucket) -> None:
    book = QuotaBook(redis)
    book.learn_organization(9001, 7001)
    assert book.bucket_of(path) == bucket


def test_a_closed_bucket_leaves_the_others_open(redis) -> None:
    book = QuotaBook(redis)
    book.close("tok", "org:7001", 300)
    assert 290 <= book.closed_for("tok", "org:7001") <= 301
    assert book.closed_for("tok", "org:7002") is None
    assert book.closed_for("tok", "me") is None
    assert book.closed_for("other-token", "org:7001") is None


def test_remaining_zero_is_remembered_without_closing(redis) -> None:
    book = QuotaBook(redis)
    book.remember("tok", "me", 0, 300)
    assert book.closed_for("tok", "me") is None
    assert book.snapshot("tok")["me"][0] == 0


def test_a_bucket_reopens_at_the_reset(redis) -> None:
    book = QuotaBook(redis)
    book.close("tok", "org:7001", 0)
    assert book.closed_for("tok", "org:7001") is None


def test_the_snapshot_lists_every_current_bucket(redis) -> None:
    book = QuotaBook(redis)
    book.remember("tok", "me", 29, 3600)
    book.remember("tok", "org:7001", 12, 1200)
    assert {name: remaining for name, (remaining, _) in book.snapshot("tok").items()} == {"me": 29, "org:7001": 12}


def test_what_a_workspace_counted_before_its_organization_was_known_moves_there(redis) -> None:
    book = QuotaBook(redis)
    book.close("tok", "ws:9005", 300)
    book.learn_organization(9005, 7005)
    assert book.bucket_of("/workspaces/9005/clients") == "org:7005"
    assert book.closed_for("tok", "org:7005") is not None
