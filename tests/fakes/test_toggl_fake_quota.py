"""The Toggl fake's hourly quota buckets and ``GET /me/quota``."""

from __future__ import annotations

import pytest

from fakes.toggl import TogglFake
from fakes.toggl.limits import ME, QuotaBook, bucket_of
from tests.fakes.toggl_helpers import admin, call, oid, plain_user, wid

QUOTA_KEYS = {"organization_id", "remaining", "resets_in_secs", "total"}


def second_org(fake: TogglFake, demo: dict, plan: str = "free") -> tuple[int, int]:
    """Ann also joins a workspace of another organization: (org id, workspace id)."""
    org = fake.add_organization("Second")
    ws = fake.add_workspace(org["id"], "Second WS", plan=plan)
    fake.add_workspace_user(ws["id"], demo["users"][0]["id"], role="admin")
    return org["id"], ws["id"]


def quota_of(fake: TogglFake, token: str) -> dict:
    """``GET /me/quota`` as {organization_id: entry}."""
    return {e["organization_id"]: e for e in call(fake, "GET", "/me/quota", token).json()}


# ------------------------------------------------------------------ buckets
@pytest.mark.parametrize(("path", "bucket"), [
    ("/me", ME),
    ("/me/quota", ME),
    ("/organizations/7001/groups", ("organization", 7001)),
    ("/workspaces/9001/projects", ("organization", 7001)),
    ("/workspaces/9001", ("organization", 7001)),
    ("/workspaces/424242/projects", ("workspace", 424242)),
    ("/elsewhere", ME),
])
def test_bucket_of_a_path(fake: TogglFake, demo: dict, path: str, bucket: tuple) -> None:
    assert bucket_of(fake.state.workspaces, path) == bucket


def test_me_bucket_is_apart_from_the_organization_bucket() -> None:
    with TogglFake(rate_limit=False, quota_per_hour=2) as fake:
        token = admin(fake.seed_demo())
        statuses = [call(fake, "GET", "/me", token).status_code for _ in range(3)]
        workspace = call(fake, "GET", "/workspaces/9001", token)
    assert statuses == [200, 200, 402]
    assert workspace.status_code == 200 and workspace.headers["X-Toggl-Quota-Remaining"] == "1"


def test_workspace_and_organization_paths_share_the_organization_bucket() -> None:
    with TogglFake(rate_limit=False, quota_per_hour=3) as fake:
        demo = fake.seed_demo()
        first = call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
        second = call(fake, "GET", f"/organizations/{oid(demo)}/groups", admin(demo))
    assert [r.headers["X-Toggl-Quota-Remaining"] for r in (first, second)] == ["2", "1"]


def test_each_organization_has_its_own_bucket() -> None:
    with TogglFake(rate_limit=False, quota_per_hour=1) as fake:
        demo = fake.seed_demo()
        _org, other = second_org(fake, demo)
        statuses = [call(fake, "GET", f"/workspaces/{w}", admin(demo)).status_code
                    for w in (wid(demo), other, wid(demo))]
    assert statuses == [200, 200, 402]


def test_unknown_workspace_has_a_bucket_of_its_own() -> None:
    with TogglFake(rate_limit=False, quota_per_hour=1) as fake:
        demo = fake.seed_demo()
        unknown = call(fake, "GET", "/workspaces/424242", admin(demo))
        known = call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    assert unknown.status_code == 403 and unknown.headers["X-Toggl-Quota-Remaining"] == "0"
    assert known.status_code == 200


def test_quota_402_carries_the_numbers_of_its_bucket(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=0, resets_in=90)
    fake.set_quota(admin(demo), remaining=7, resets_in=600, me=True)
    refused = call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    me = call(fake, "GET", "/me", admin(demo))
    assert refused.status_code == 402 and refused.headers["X-Toggl-Quota-Remaining"] == "0"
    assert 85 <= int(refused.headers["X-Toggl-Quota-Resets-In"]) <= 90
    assert me.headers["X-Toggl-Quota-Remaining"] == "6"


# ---------------------------------------------------------------- set_quota
def test_set_quota_without_keywords_blocks_every_organization(fake: TogglFake, demo: dict) -> None:
    org, other = second_org(fake, demo)
    fake.set_quota(admin(demo), remaining=0, resets_in=60)
    statuses = [call(fake, "GET", path, admin(demo)).status_code
                for path in (f"/workspaces/{wid(demo)}", f"/workspaces/{other}",
                             f"/organizations/{org}/groups")]
    assert statuses == [402, 402, 402]


def test_set_quota_without_keywords_leaves_the_me_bucket(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=0, resets_in=60)
    response = call(fake, "GET", "/me", admin(demo))
    assert response.status_code == 200 and "X-Toggl-Quota-Remaining" not in response.headers


def test_set_quota_without_keywords_gives_each_organization_the_allowance(
        fake: TogglFake, demo: dict) -> None:
    _org, other = second_org(fake, demo)
    fake.set_quota(admin(demo), remaining=1, resets_in=60)
    statuses = [call(fake, "GET", f"/workspaces/{w}", admin(demo)).status_code
                for w in (wid(demo), other, wid(demo), other)]
    assert statuses == [200, 200, 402, 402]


def test_set_quota_for_one_organization_leaves_the_others(fake: TogglFake, demo: dict) -> None:
    _org, other = second_org(fake, demo)
    fake.set_quota(admin(demo), remaining=0, resets_in=60, organization_id=oid(demo))
    assert call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo)).status_code == 402
    assert call(fake, "GET", f"/workspaces/{other}", admin(demo)).status_code == 200


def test_set_quota_for_me_only_blocks_user_level_requests(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=0, resets_in=60, me=True)
    assert call(fake, "GET", "/me", admin(demo)).status_code == 402
    assert call(fake, "GET", "/me/quota", admin(demo)).status_code == 402
    assert call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo)).status_code == 200


def test_set_quota_for_all_organizations_replaces_a_single_one(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=0, resets_in=60, organization_id=oid(demo))
    fake.set_quota(admin(demo), remaining=5, resets_in=60)
    response = call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    assert response.status_code == 200 and response.headers["X-Toggl-Quota-Remaining"] == "4"


def test_set_quota_refuses_organization_and_me_together(fake: TogglFake, demo: dict) -> None:
    with pytest.raises(ValueError):
        fake.set_quota(admin(demo), remaining=1, resets_in=60, organization_id=oid(demo), me=True)


def test_sliding_hour_forgets_requests_older_than_an_hour() -> None:
    book = QuotaBook(per_hour=1)
    bucket = ("organization", 7001)
    assert book.consume("tok", bucket, now=100.0) == (True, 0, 3600)
    assert book.consume("tok", bucket, now=200.0) == (False, 0, 3500)
    assert book.consume("tok", bucket, now=3700.5) == (True, 0, 3600)


def test_requests_are_counted_even_without_an_enforced_quota() -> None:
    book = QuotaBook(per_hour=None)
    assert book.consume("tok", ME, now=10.0) is None
    assert book.status("tok", ME, 30, now=1810.0) == (29, 1800, 30)


# --------------------------------------------------------------- /me/quota
def test_me_quota_lists_each_organization_then_the_me_bucket(fake: TogglFake, demo: dict) -> None:
    org, _other = second_org(fake, demo)
    body = call(fake, "GET", "/me/quota", admin(demo)).json()
    assert [e["organization_id"] for e in body] == [oid(demo), org, None]
    assert all(set(e) == QUOTA_KEYS for e in body)


def test_me_quota_lists_an_organization_joined_only_through_a_group(fake: TogglFake) -> None:
    org = fake.add_organization("Grouped")
    ws = fake.add_workspace(org["id"], "Grouped WS")
    user = fake.add_user("gus@acme.test", token="tok-gus")
    group = fake.add_group(ws["id"], "Everyone", [user["id"]])
    fake.add_workspace_user(ws["id"], user["id"], direct=False, group_ids=[group["id"]])
    assert list(quota_of(fake, "tok-gus")) == [org["id"], None]


def test_me_quota_of_a_user_without_organizations_has_the_me_bucket_only(fake: TogglFake) -> None:
    fake.add_user("solo@acme.test", token="tok-solo")
    assert list(quota_of(fake, "tok-solo")) == [None]


@pytest.mark.parametrize(("plan", "total"), [
    ("free", 30), ("starter", 240), ("premium", 600), ("enterprise", 1000)])
def test_me_quota_total_is_the_plan_limit_when_not_enforced(fake: TogglFake, plan: str,
                                                            total: int) -> None:
    org = fake.add_organization("Planned")
    ws = fake.add_workspace(org["id"], "Planned WS", plan=plan)
    user = fake.add_user("pat@acme.test", token="tok-pat")
    fake.add_workspace_user(ws["id"], user["id"])
    assert quota_of(fake, "tok-pat")[org["id"]]["total"] == total


def test_me_quota_organization_plan_is_the_best_of_its_workspaces(fake: TogglFake, demo: dict) -> None:
    fake.add_workspace(oid(demo), "Premium WS", plan="premium")  # Ann is not a member of it
    assert quota_of(fake, admin(demo))[oid(demo)]["total"] == 600


def test_me_quota_me_bucket_total_is_30(fake: TogglFake, demo: dict) -> None:
    assert quota_of(fake, admin(demo))[None]["total"] == 30


def test_me_quota_counts_requests_per_bucket(fake: TogglFake, demo: dict) -> None:
    for _ in range(3):
        call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    call(fake, "GET", "/me", admin(demo))
    quota = quota_of(fake, admin(demo))
    assert quota[oid(demo)]["remaining"] == 240 - 3
    assert quota[None]["remaining"] == 30 - 2  # /me and this /me/quota


def test_me_quota_remaining_goes_negative_when_not_enforced(fake: TogglFake) -> None:
    org = fake.add_organization("Busy")
    ws = fake.add_workspace(org["id"], "Busy WS", plan="free")
    user = fake.add_user("bea@acme.test", token="tok-bea")
    fake.add_workspace_user(ws["id"], user["id"])
    for _ in range(32):
        assert call(fake, "GET", f"/workspaces/{ws['id']}", "tok-bea").status_code == 200
    assert quota_of(fake, "tok-bea")[org["id"]]["remaining"] == -2


def test_me_quota_resets_in_is_an_hour_without_requests(fake: TogglFake, demo: dict) -> None:
    assert quota_of(fake, admin(demo))[oid(demo)]["resets_in_secs"] == 3600


def test_me_quota_total_is_the_enforced_limit() -> None:
    with TogglFake(rate_limit=False, quota_per_hour=50) as fake:
        demo = fake.seed_demo()
        quota = quota_of(fake, admin(demo))
    assert (quota[oid(demo)]["total"], quota[None]["total"]) == (50, 50)
    assert (quota[oid(demo)]["remaining"], quota[None]["remaining"]) == (50, 49)


def test_me_quota_reports_a_set_quota(fake: TogglFake, demo: dict) -> None:
    fake.set_quota(admin(demo), remaining=5, resets_in=300)
    call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    entry = quota_of(fake, admin(demo))[oid(demo)]
    assert (entry["remaining"], entry["total"]) == (4, 5)
    assert 295 <= entry["resets_in_secs"] <= 300


def test_me_quota_is_per_token(fake: TogglFake, demo: dict) -> None:
    call(fake, "GET", f"/workspaces/{wid(demo)}", admin(demo))
    assert quota_of(fake, plain_user(demo))[oid(demo)]["remaining"] == 240


def test_me_quota_rejects_query_parameters(fake: TogglFake, demo: dict) -> None:
    response = call(fake, "GET", "/me/quota", admin(demo), params={"organization_id": "1"})
    assert response.status_code == 400
    assert response.json() == "Unknown query parameter: organization_id"
