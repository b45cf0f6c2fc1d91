"""Views (Home tab and modals) for the Slack fake: validation, stored shape, submitted state.

Pure functions shared by ``fakes.slack`` (views.publish/open/update/push) and
``fakes.slack_requests`` (view_submission, block_actions from a view, block_suggestion).

Sources: docs.slack.dev reference/views/modal-views and home-tab-views (fields and
limits: title/submit/close plain_text ≤24, blocks ≤100, private_metadata ≤3000,
callback_id ≤255, external_id ≤255, submit required with input blocks); the views.*
method pages (errors ``invalid_arguments`` with ``response_metadata.messages`` such as
``[ERROR] must define submit to use input block [json-pointer:/view/blocks/0/input]``,
``view_too_large`` above 250 kB, ``hash_conflict``, ``duplicate_external_id``,
``not_found``, ``push_limit_reached`` — a stack holds 3 views); the views.open response
example (the stored view's fields, ``state: {"values": []}`` before any input); the
2020-09 changelog "full state on view submission and block actions" and slack_sdk's
``ViewStateValue`` (``state.values[block_id][action_id] = {type, value | selected_*}``).
"""

from __future__ import annotations

import copy
import json
import secrets
import string
import time
from typing import Any, Iterator, Mapping, Optional

from fakes.slack_blocks import (
    DEFAULT_MIN_QUERY_LENGTH,
    MAX_BLOCKS_PER_VIEW,
    MAX_ID_CHARS,
    STATEFUL_TYPES,
    Checker,
    is_date,
)

MAX_VIEW_TITLE_CHARS = 24
MAX_PRIVATE_METADATA_CHARS = 3000
MAX_VIEW_BYTES = 250 * 1024
MAX_VIEW_STACK = 3

_MODAL_KEYS = {"type", "title", "blocks", "close", "submit", "private_metadata", "callback_id",
               "clear_on_close", "notify_on_close", "external_id"}
_HOME_KEYS = {"type", "blocks", "private_metadata", "callback_id", "external_id"}
_ALNUM = string.ascii_letters + string.digits


class ViewError(Exception):
    """A views.* call Slack would refuse: ``error`` plus ``response_metadata.messages``."""

    def __init__(self, error: str, messages: Optional[list[str]] = None) -> None:
        """Keep Slack's error code and its problem lines."""
        super().__init__(error if not messages else f"{error}: {'; '.join(messages)}")
        self.error = error
        self.messages = messages or []


def parse_view(raw: Any) -> dict[str, Any]:
    """The ``view`` argument as an object (form bodies send it as a JSON string)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ViewError("invalid_arguments", ["[ERROR] invalid json [json-pointer:/view]"]) from None
    if raw is None:
        raise ViewError("invalid_arguments", ["[ERROR] missing required field: view [json-pointer:/]"])
    if not isinstance(raw, dict):
        raise ViewError("invalid_arguments", ["[ERROR] expected an object [json-pointer:/view]"])
    return raw


def view_problems(view: Any, kind: str) -> list[str]:
    """Every violation in a ``modal`` or ``home`` view, as Slack-style problem lines."""
    checker = Checker()
    here = "/view"
    if not checker.is_object(view, here):
        return checker.problems
    if view.get("type") != kind:
        checker.add(f"{here}/type", f"must be {kind}")
        return checker.problems
    checker.keys(view, _MODAL_KEYS if kind == "modal" else _HOME_KEYS, here)
    if kind == "modal":
        checker.text(view, "title", here, max_len=MAX_VIEW_TITLE_CHARS, plain_only=True, required=True)
        checker.text(view, "submit", here, max_len=MAX_VIEW_TITLE_CHARS, plain_only=True)
        checker.text(view, "close", here, max_len=MAX_VIEW_TITLE_CHARS, plain_only=True)
        checker.boolean(view, "clear_on_close", here)
        checker.boolean(view, "notify_on_close", here)
    if "blocks" not in view:
        checker.add(here, "missing required field: blocks")
    else:
        checker.blocks(view["blocks"], f"{here}/blocks", max_blocks=MAX_BLOCKS_PER_VIEW)
    checker.string(view, "private_metadata", here, max_len=MAX_PRIVATE_METADATA_CHARS)
    checker.string(view, "callback_id", here, max_len=MAX_ID_CHARS)
    checker.string(view, "external_id", here, max_len=MAX_ID_CHARS)
    if kind == "modal" and view.get("submit") is None and isinstance(view.get("blocks"), list):
        for i, block in enumerate(view["blocks"]):
            if isinstance(block, dict) and block.get("type") == "input":
                checker.add(f"{here}/blocks/{i}/input", "must define submit to use input block")
                break
    return checker.problems


def check_view(view: Any, kind: str) -> dict[str, Any]:
    """Return ``view`` if Slack would accept it, else raise ViewError."""
    view = parse_view(view)
    problems = view_problems(view, kind)
    if problems:
        raise ViewError("invalid_arguments", problems)
    if len(json.dumps(view, separators=(",", ":")).encode("utf-8")) > MAX_VIEW_BYTES:
        raise ViewError("view_too_large")
    return view


def new_view_id() -> str:
    """A view id shaped like Slack's (``"VMHU10V25"``)."""
    return "V" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(10))


def new_hash() -> str:
    """A view hash shaped like Slack's (``"1569262015.55b5e41b"``)."""
    return f"{int(time.time())}.{secrets.token_hex(4)}"


def _generated_id() -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(5))


def _with_generated_ids(blocks: list[Any]) -> list[Any]:
    """Blocks as Slack stores them: a generated block_id / action_id where none was given."""
    blocks = copy.deepcopy(blocks)
    for block in blocks:
        block.setdefault("block_id", _generated_id())
        elements = [block.get("element"), block.get("accessory"), *(block.get("elements") or [])]
        for element in elements:
            if isinstance(element, dict) and element.get("type") in (*STATEFUL_TYPES, "button"):
                element.setdefault("action_id", _generated_id())
    return blocks


def stored_view(view: dict[str, Any], *, view_id: str, team_id: str, app_id: str, bot_id: str,
                root_view_id: Optional[str] = None, previous_view_id: Optional[str] = None) -> dict[str, Any]:
    """The view object Slack returns from views.* and echoes in payloads (views.open response shape)."""
    stored: dict[str, Any] = {"id": view_id, "team_id": team_id, "type": view["type"]}
    if view["type"] == "modal":
        stored["title"] = copy.deepcopy(view["title"])
    stored.update(
        close=copy.deepcopy(view.get("close")),
        submit=copy.deepcopy(view.get("submit")),
        blocks=_with_generated_ids(view["blocks"]),
        private_metadata=view.get("private_metadata") or "",
        callback_id=view.get("callback_id") or "",
        external_id=view.get("external_id") or "",
        state={"values": []},
        hash=new_hash(),
        clear_on_close=bool(view.get("clear_on_close", False)),
        notify_on_close=bool(view.get("notify_on_close", False)),
        root_view_id=root_view_id or view_id,
        previous_view_id=previous_view_id,
        app_id=app_id,
        app_installed_team_id=team_id,
        bot_id=bot_id,
    )
    return stored


# ---------------------------------------------------------------------------
# Elements and submitted state
# ---------------------------------------------------------------------------


def elements(view: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (block, element) pair of a view: input elements, accessories, actions elements."""
    for block in view.get("blocks") or []:
        for element in (block.get("element"), block.get("accessory"), *(block.get("elements") or [])):
            if isinstance(element, dict) and element.get("action_id"):
                yield block, element


def find_element(view: Mapping[str, Any], action_id: str,
                 block_id: Optional[str] = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (block, element) with ``action_id`` (and ``block_id``); ValueError if the view has none."""
    for block, element in elements(view):
        if element["action_id"] == action_id and block_id in (None, block.get("block_id")):
            return block, element
    where = f" in block {block_id!r}" if block_id else ""
    raise ValueError(f"view {view.get('id')} has no element with action_id {action_id!r}{where}")


def _all_options(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _option(element: Mapping[str, Any], value: Any) -> Optional[dict[str, Any]]:
    """The option object Slack sends as ``selected_option`` for ``value``."""
    if value is None:
        return None
    if element["type"] == "static_select":
        wanted = value.get("value") if isinstance(value, dict) else value
        for option in _all_options(element):
            if option.get("value") == wanted:
                return {"text": option["text"], "value": option["value"]}
        raise ValueError(f"{wanted!r} is not an option of static_select {element['action_id']!r}")
    if isinstance(value, dict):
        return copy.deepcopy(value)
    if isinstance(value, tuple):
        text, value = value
    else:
        text = value
    return {"text": {"type": "plain_text", "text": str(text), "emoji": True}, "value": str(value)}


def state_value(element: Mapping[str, Any], value: Any) -> dict[str, Any]:
    """One ``state.values[block_id][action_id]`` entry in Slack's shape for ``element`` given ``value``.

    plain_text_input → ``value`` (the text exactly as typed: Slack does not entity-escape it);
    users_select → ``selected_user``; multi_users_select → ``selected_users``;
    static_select / external_select → ``selected_option`` ({text, value}); datepicker →
    ``selected_date``. ``None`` (nothing chosen) is sent as null (``[]`` for selected_users).
    """
    kind = element["type"]
    if kind == "plain_text_input":
        if value is not None and not isinstance(value, str):
            raise TypeError("a plain_text_input value is a str")
        return {"type": kind, "value": value}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(value or [])}
    if kind in ("static_select", "external_select"):
        return {"type": kind, "selected_option": _option(element, value)}
    if kind == "datepicker":
        if value is not None and not is_date(value):
            raise ValueError(f"{value!r} is not a YYYY-MM-DD date")
        return {"type": kind, "selected_date": value}
    raise ValueError(f"{kind} elements hold no state")


def initial_value(element: Mapping[str, Any]) -> Any:
    """What an untouched element submits: its initial_* value, or nothing."""
    kind = element["type"]
    if kind == "plain_text_input":
        return element.get("initial_value")
    if kind == "users_select":
        return element.get("initial_user")
    if kind == "multi_users_select":
        return element.get("initial_users")
    if kind in ("static_select", "external_select"):
        option = element.get("initial_option")
        return option and {"text": option["text"], "value": option["value"]}
    if kind == "datepicker":
        return element.get("initial_date")
    return None


def _is_empty(entry: Mapping[str, Any]) -> bool:
    return not any(entry.get(key) for key in ("value", "selected_user", "selected_users",
                                               "selected_option", "selected_date"))


def _client_check(block: Mapping[str, Any], element: Mapping[str, Any], entry: Mapping[str, Any]) -> None:
    """What Slack's client enforces before it sends a submission at all."""
    label = f"{block.get('block_id')}/{element['action_id']}"
    if block.get("type") == "input" and not block.get("optional", False) and _is_empty(entry):
        raise ValueError(f"{label} is required: Slack's client would not submit the modal")
    if element["type"] == "plain_text_input" and entry["value"] is not None:
        length = len(entry["value"])
        if length < element.get("min_length", 0) or length > element.get("max_length", length):
            raise ValueError(f"{label}: {length} characters is outside min_length/max_length")
    if element["type"] == "multi_users_select":
        limit = element.get("max_selected_items")
        if limit is not None and len(entry["selected_users"]) > limit:
            raise ValueError(f"{label}: more than max_selected_items={limit}")


def render_state(view: Mapping[str, Any], values: Optional[Mapping[str, Mapping[str, Any]]] = None, *,
                 client_checks: bool = True) -> dict[str, dict[str, Any]]:
    """``view.state.values`` as Slack sends it: every stateful element, given values or initial ones.

    ``values`` is ``{block_id: {action_id: value}}``; naming an element the view does not
    have raises ValueError. With ``client_checks`` a submission Slack's client would block
    (a required input left empty, a text outside min/max_length, too many users) raises
    ValueError too.
    """
    given = {(block_id, action_id): value for block_id, actions in (values or {}).items()
             for action_id, value in actions.items()}
    known = {(block.get("block_id"), element["action_id"]) for block, element in elements(view)}
    for key in given:
        if key not in known:
            raise ValueError(f"view {view.get('id')} has no element {key[0]}/{key[1]}")
    state: dict[str, dict[str, Any]] = {}
    for block, element in elements(view):
        if element["type"] not in STATEFUL_TYPES:
            if (block.get("block_id"), element["action_id"]) in given:
                raise ValueError(f"{element['type']} {element['action_id']!r} holds no state")
            continue
        key = (block.get("block_id"), element["action_id"])
        entry = state_value(element, given[key] if key in given else initial_value(element))
        if client_checks:
            _client_check(block, element, entry)
        state.setdefault(block.get("block_id"), {})[element["action_id"]] = entry
    return state


def min_query_length(element: Mapping[str, Any]) -> int:
    """How many characters a person types before Slack asks for options (default 3)."""
    return int(element.get("min_query_length", DEFAULT_MIN_QUERY_LENGTH))


# ---------------------------------------------------------------------------
# What the bot answers to a view_submission
# ---------------------------------------------------------------------------


def input_block_ids(view: Mapping[str, Any]) -> list[str]:
    """The block_ids of a view's input blocks (where ``response_action: errors`` can point)."""
    return [b["block_id"] for b in view.get("blocks") or [] if b.get("type") == "input" and b.get("block_id")]


def view_response_problems(body: Any, view: Mapping[str, Any]) -> list[str]:
    """Violations in the bot's answer to a view_submission of ``view``.

    Empty body / ``{}`` closes the view; ``{"response_action": "errors", "errors":
    {block_id: text}}`` (keys must be input block_ids of the submitted view, texts
    non-empty); ``"update"`` / ``"push"`` with a valid modal ``view``; ``"clear"``.
    """
    checker = Checker()
    if body in (None, "", {}):
        return []
    if not checker.is_object(body, ""):
        return checker.problems
    action = body.get("response_action")
    allowed = {"errors": {"response_action", "errors"}, "update": {"response_action", "view"},
               "push": {"response_action", "view"}, "clear": {"response_action"}}
    if action not in allowed:
        checker.add("/response_action", "must be one of errors, update, push, clear")
        return checker.problems
    checker.keys(body, allowed[action], "")
    if action == "errors":
        errors = body.get("errors")
        if not isinstance(errors, dict) or not errors:
            checker.add("/errors", "must be a non-empty object of block_id: message")
            return checker.problems
        inputs = set(input_block_ids(view))
        for block_id, message in errors.items():
            if block_id not in inputs:
                checker.add(f"/errors/{block_id}", "is not the block_id of an input block in the view")
            if not isinstance(message, str) or not message:
                checker.add(f"/errors/{block_id}", "must be a non-empty string")
    elif action in ("update", "push"):
        checker.problems.extend(view_problems(body.get("view"), "modal"))
    return checker.problems
