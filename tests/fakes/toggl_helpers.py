"""Helpers shared by the tests of the Toggl fake (fixtures: ``conftest.py``)."""

from __future__ import annotations

from typing import Any, Optional

import requests

from fakes.toggl import TogglFake


def call(fake: TogglFake, method: str, path: str, token: Optional[str] = None,
         body: Any = None, timeout: float = 5, **kwargs: Any) -> requests.Response:
    """One request to the fake, authenticated with ``token`` when given."""
    auth = (token, "api_token") if token else None
    return requests.request(method, fake.url + path, auth=auth, json=body,
                            timeout=timeout, **kwargs)


def admin(demo: dict) -> str:
    """Token of Ann, a workspace admin."""
    return demo["tokens"]["ann@acme.test"]


def plain_user(demo: dict) -> str:
    """Token of Cat, an ordinary workspace member."""
    return demo["tokens"]["cat@acme.test"]


def wid(demo: dict) -> int:
    """The demo workspace id."""
    return demo["workspace"]["id"]


def oid(demo: dict) -> int:
    """The demo organization id."""
    return demo["org"]["id"]


def uid_of(demo: dict, email: str) -> int:
    """The global user id of a demo person."""
    return next(u["id"] for u in demo["users"] if u["email"] == email)


def wu_of(demo: dict, email: str) -> dict:
    """The demo workspace-user record of a person."""
    uid = uid_of(demo, email)
    return next(m for m in demo["workspace_users"] if m["uid"] == uid)


def free_workspace(fake: TogglFake) -> tuple[dict, str]:
    """A free workspace with an admin; returns (workspace, admin token)."""
    org = fake.add_organization("Freebies")
    ws = fake.add_workspace(org["id"], name="Free WS", plan="free")
    user = fake.add_user("free@acme.test", "Free Admin", token="tok-free")
    fake.add_workspace_user(ws["id"], user["id"], role="admin")
    return ws, "tok-free"


def indirect_member(fake: TogglFake, demo: dict, email: str = "ivy@acme.test",
                    **kwargs: Any) -> dict:
    """A person in the demo workspace only through the "Designers" group."""
    user = fake.add_user(email, email.split("@")[0].title() + " Indirect")
    return fake.add_workspace_user(wid(demo), user["id"], direct=False,
                                   group_ids=[demo["groups"][0]["id"]], **kwargs)
