"""connect, profile set, status, cancel: the commands about the caller's own things."""
from __future__ import annotations

import re
from typing import Any

from bot.parsing.args import Args
from bot.parsing.problems import ValueProblem
from bot.parsing.values import parse_email, parse_positive_int, parse_timezone, parse_weekday

REF_PATTERN = re.compile(r"^[a-z2-7]{6}$")
PROFILE_FIELDS = ("fullname", "email", "timezone", "beginning_of_week", "country_id",
                  "default_workspace_id")
PASSWORD_FIELDS = ("password", "current_password", "new_password")
_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")


def connect(args: Args) -> dict[str, Any]:
    """``connect <token>``; the catalogue keeps ``token`` out of the command."""
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("give exactly one Toggl API token (Toggl › Profile settings › API Token)")
    token = args.positionals[0].text
    if not _TOKEN.match(token):
        raise args.fail("that does not look like a Toggl API token (letters and digits, no spaces)")
    return {"token": token}


def profile_set(args: Args) -> dict[str, Any]:
    """``profile set field=value…``."""
    args.no_positionals()
    if any(key in PASSWORD_FIELDS for key in args.options):
        raise args.fail("passwords can't be changed from chat; change it in Toggl's profile page")
    return {"fields": {key: args.check(_profile_value, key, raw)
                       for key, raw in args.fields(PROFILE_FIELDS).items()}}


def _profile_value(key: str, raw: str) -> object:
    if key == "fullname":
        if not raw.strip():
            raise ValueProblem("fullname cannot be empty")
        return raw.strip()
    if key == "email":
        email = parse_email(raw)
        if email is None:
            raise ValueProblem(f"`{raw}` is not an email address")
        return email
    if key == "timezone":
        return parse_timezone(raw)
    if key == "beginning_of_week":
        return parse_weekday(raw)
    return parse_positive_int(raw, key)


def status(args: Args) -> dict[str, Any]:
    """``status [<ref>]``."""
    args.no_options()
    return {"ref": _ref(args)} if args.positionals else {}


def cancel(args: Args) -> dict[str, Any]:
    """``cancel <ref>``."""
    args.no_options()
    if not args.positionals:
        raise args.fail("give the ref of your approval request")
    return {"ref": _ref(args)}


def undo(args: Args) -> dict[str, Any]:
    """``undo <ref>``."""
    args.no_options()
    if not args.positionals:
        raise args.fail("give the ref of the change to undo (`/toggl status` lists yours)")
    return {"ref": _ref(args)}


def _ref(args: Args) -> str:
    if len(args.positionals) > 1:
        raise args.fail("give one ref")
    ref = args.positionals[0].text.lower()
    if not REF_PATTERN.match(ref):
        raise args.fail(f"`{args.positionals[0].text}` is not a ref (six letters/digits, as in the ⏳ reply)")
    return ref
