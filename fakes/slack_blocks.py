"""Block Kit validation for the Slack fake: messages, response_url bodies, Home tabs and modals.

``block_problems`` returns Slack-style problem strings, one per violation, shaped like the
``response_metadata.messages`` Slack returns with ``invalid_blocks`` / ``invalid_arguments``::

    [ERROR] must be less than 76 characters [json-pointer:/blocks/2/elements/0/text/text]

Limits (docs.slack.dev Block Kit reference pages, cross-checked with slack_sdk's models):
50 blocks a message, 100 a modal or Home tab; section text 1–3000, ≤10 fields of ≤2000;
header plain_text ≤150; context 1–10 elements; actions 1–25 elements; block_id and
action_id ≤255; button text ≤75 (plain_text), value ≤2000, url ≤3000, style
primary|danger; placeholder ≤150 (plain_text); input label/hint ≤2000 (plain_text);
option text ≤75 (plain_text), value ≤150, description ≤75; option group label ≤75,
≤100 options; static_select ≤100 options or option groups (exactly one of the two);
confirm title ≤100, text ≤300, confirm/deny ≤30; datepicker ``initial_date`` YYYY-MM-DD;
plain_text_input min_length ≤3000; multi_users_select ``max_selected_items`` ≥1;
external_select ``min_query_length`` ≥0 (default 3). Unknown block or element types,
elements in blocks that do not take them, and unknown properties are rejected
("failed to match all allowed schemas" / "invalid additional property").

Fake-only rule (stricter than Slack, which generates a missing action_id): an input
block's element must carry an ``action_id``, because the bot could not find its value
in ``view.state.values`` otherwise.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Iterable, Optional

MAX_BLOCKS_PER_MESSAGE = 50
MAX_BLOCKS_PER_VIEW = 100
MAX_SECTION_TEXT_CHARS = 3000
MAX_SECTION_FIELDS = 10
MAX_SECTION_FIELD_CHARS = 2000
MAX_TEXT_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_ID_CHARS = 255
MAX_BUTTON_TEXT_CHARS = 75
MAX_BUTTON_VALUE_CHARS = 2000
MAX_URL_CHARS = 3000
MAX_PLACEHOLDER_CHARS = 150
MAX_LABEL_CHARS = 2000
MAX_OPTION_TEXT_CHARS = 75
MAX_OPTION_VALUE_CHARS = 150
MAX_OPTIONS = 100
MAX_PLAIN_TEXT_INPUT_LENGTH = 3000
DEFAULT_MIN_QUERY_LENGTH = 3

TEXT_TYPES = ("plain_text", "mrkdwn")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Properties each object may carry (anything else: "invalid additional property").
_BLOCK_KEYS = {
    "section": {"type", "block_id", "text", "fields", "accessory", "expand"},
    "divider": {"type", "block_id"},
    "header": {"type", "block_id", "text"},
    "context": {"type", "block_id", "elements"},
    "actions": {"type", "block_id", "elements"},
    "input": {"type", "block_id", "label", "element", "dispatch_action", "hint", "optional"},
    "image": {"type", "block_id", "image_url", "slack_file", "alt_text", "title"},
}
_ELEMENT_KEYS = {
    "button": {"type", "action_id", "text", "value", "url", "style", "confirm", "accessibility_label"},
    "static_select": {"type", "action_id", "placeholder", "options", "option_groups", "initial_option",
                      "confirm", "focus_on_load"},
    "external_select": {"type", "action_id", "placeholder", "initial_option", "min_query_length",
                        "confirm", "focus_on_load"},
    "users_select": {"type", "action_id", "placeholder", "initial_user", "confirm", "focus_on_load"},
    "multi_users_select": {"type", "action_id", "placeholder", "initial_users", "max_selected_items",
                           "confirm", "focus_on_load"},
    "datepicker": {"type", "action_id", "placeholder", "initial_date", "confirm", "focus_on_load"},
    "plain_text_input": {"type", "action_id", "placeholder", "initial_value", "multiline", "min_length",
                         "max_length", "dispatch_action_config", "focus_on_load"},
    "image": {"type", "image_url", "slack_file", "alt_text"},
}
_SELECTS = ("static_select", "external_select", "users_select", "multi_users_select")
# Which elements each place accepts (block reference pages, "Works with block types").
ACCESSORY_TYPES = ("button", *_SELECTS, "datepicker", "image")
ACTIONS_TYPES = ("button", *_SELECTS, "datepicker")
INPUT_TYPES = (*_SELECTS, "datepicker", "plain_text_input")
STATEFUL_TYPES = (*_SELECTS, "datepicker", "plain_text_input")
_TEXT_KEYS = {"type", "text", "emoji", "verbatim"}
_OPTION_KEYS = {"text", "value", "description", "url"}
_CONFIRM_KEYS = {"title", "text", "confirm", "deny", "style"}


class Checker:
    """Collects Slack-style problems while walking a payload."""

    def __init__(self) -> None:
        """Start with no problems."""
        self.problems: list[str] = []

    def add(self, pointer: str, message: str) -> None:
        """Record one problem at a JSON pointer."""
        self.problems.append(f"[ERROR] {message} [json-pointer:{pointer}]")

    # -- primitives ----------------------------------------------------------

    def is_object(self, value: Any, pointer: str) -> bool:
        """True if ``value`` is a JSON object; records a problem if not."""
        if isinstance(value, dict):
            return True
        self.add(pointer, "expected an object")
        return False

    def keys(self, obj: dict[str, Any], allowed: Iterable[str], pointer: str) -> None:
        """Reject properties outside ``allowed``."""
        for key in obj:
            if key not in allowed:
                self.add(pointer, f"invalid additional property: {key}")

    def string(self, obj: dict[str, Any], key: str, pointer: str, *, max_len: int,
               required: bool = False, min_len: int = 0) -> None:
        """Check an optional/required string property's type and length."""
        if key not in obj or obj[key] is None:
            if required:
                self.add(pointer, f"missing required field: {key}")
            return
        value = obj[key]
        if not isinstance(value, str):
            self.add(f"{pointer}/{key}", "expected a string")
        elif len(value) > max_len:
            self.add(f"{pointer}/{key}", f"must be less than {max_len + 1} characters")
        elif len(value) < min_len:
            self.add(f"{pointer}/{key}", f"must be more than {min_len - 1} characters")

    def boolean(self, obj: dict[str, Any], key: str, pointer: str) -> None:
        """Check an optional boolean property."""
        if key in obj and not isinstance(obj[key], bool):
            self.add(f"{pointer}/{key}", "expected a boolean")

    def integer(self, obj: dict[str, Any], key: str, pointer: str, *, minimum: int,
                maximum: Optional[int] = None) -> None:
        """Check an optional integer property against bounds."""
        if key not in obj:
            return
        value = obj[key]
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(f"{pointer}/{key}", "expected an integer")
        elif value < minimum:
            self.add(f"{pointer}/{key}", f"must be at least {minimum}")
        elif maximum is not None and value > maximum:
            self.add(f"{pointer}/{key}", f"must be at most {maximum}")

    def text(self, obj: dict[str, Any], key: str, pointer: str, *, max_len: int,
             plain_only: bool = False, required: bool = False) -> None:
        """Check a text object property (``{"type": "plain_text"|"mrkdwn", "text": ...}``)."""
        if key not in obj or obj[key] is None:
            if required:
                self.add(pointer, f"missing required field: {key}")
            return
        self.text_object(obj[key], f"{pointer}/{key}", max_len=max_len, plain_only=plain_only)

    def text_object(self, value: Any, here: str, *, max_len: int, plain_only: bool = False) -> None:
        """Check one text object: its type, its 1..``max_len`` characters, emoji/verbatim placement."""
        if not self.is_object(value, here):
            return
        self.keys(value, _TEXT_KEYS, here)
        allowed = ("plain_text",) if plain_only else TEXT_TYPES
        if value.get("type") not in allowed:
            self.add(here, "must be a plain_text text object" if plain_only else "failed to match all allowed schemas")
        if "verbatim" in value and value.get("type") != "mrkdwn":
            self.add(here, "invalid additional property: verbatim")
        if "emoji" in value and value.get("type") != "plain_text":
            self.add(here, "invalid additional property: emoji")
        self.string(value, "text", here, max_len=max_len, required=True, min_len=1)
        self.boolean(value, "emoji", here)
        self.boolean(value, "verbatim", here)

    def array(self, obj: dict[str, Any], key: str, pointer: str, *, max_items: int,
              min_items: int = 0, required: bool = False) -> list[Any]:
        """Check an array property's size; return its items (or [] if unusable)."""
        if key not in obj or obj[key] is None:
            if required:
                self.add(pointer, f"missing required field: {key}")
            return []
        value, here = obj[key], f"{pointer}/{key}"
        if not isinstance(value, list):
            self.add(here, "expected an array")
            return []
        if len(value) > max_items:
            self.add(here, f"no more than {max_items} items allowed")
        if len(value) < min_items:
            self.add(here, f"must provide at least {min_items} items")
        return value

    # -- composition objects -------------------------------------------------

    def option(self, option: Any, pointer: str) -> None:
        """An option object (select menus): plain_text ≤75, value ≤150."""
        if not self.is_object(option, pointer):
            return
        self.keys(option, _OPTION_KEYS, pointer)
        self.text(option, "text", pointer, max_len=MAX_OPTION_TEXT_CHARS, plain_only=True, required=True)
        self.string(option, "value", pointer, max_len=MAX_OPTION_VALUE_CHARS, required=True)
        self.text(option, "description", pointer, max_len=MAX_OPTION_TEXT_CHARS, plain_only=True)
        self.string(option, "url", pointer, max_len=MAX_URL_CHARS)

    def option_group(self, group: Any, pointer: str) -> None:
        """An option group: label ≤75, 1–100 options."""
        if not self.is_object(group, pointer):
            return
        self.keys(group, {"label", "options"}, pointer)
        self.text(group, "label", pointer, max_len=MAX_OPTION_TEXT_CHARS, plain_only=True, required=True)
        for i, option in enumerate(self.array(group, "options", pointer, max_items=MAX_OPTIONS, min_items=1,
                                              required=True)):
            self.option(option, f"{pointer}/options/{i}")

    def options_or_groups(self, obj: dict[str, Any], pointer: str, *, required: bool) -> None:
        """Exactly one of ``options`` / ``option_groups`` (each ≤100)."""
        has_options, has_groups = obj.get("options") is not None, obj.get("option_groups") is not None
        if has_options and has_groups:
            self.add(pointer, "only one of options or option_groups may be provided")
        elif required and not (has_options or has_groups):
            self.add(pointer, "missing required field: options")
        for i, option in enumerate(self.array(obj, "options", pointer, max_items=MAX_OPTIONS, min_items=1)):
            self.option(option, f"{pointer}/options/{i}")
        for i, group in enumerate(self.array(obj, "option_groups", pointer, max_items=MAX_OPTIONS, min_items=1)):
            self.option_group(group, f"{pointer}/option_groups/{i}")

    def confirm(self, obj: dict[str, Any], pointer: str) -> None:
        """A confirmation dialog object: title ≤100, text ≤300, confirm/deny ≤30."""
        if "confirm" not in obj:
            return
        here = f"{pointer}/confirm"
        dialog = obj["confirm"]
        if not self.is_object(dialog, here):
            return
        self.keys(dialog, _CONFIRM_KEYS, here)
        self.text(dialog, "title", here, max_len=100, plain_only=True, required=True)
        self.text(dialog, "text", here, max_len=300, required=True)
        self.text(dialog, "confirm", here, max_len=30, plain_only=True, required=True)
        self.text(dialog, "deny", here, max_len=30, plain_only=True, required=True)
        if "style" in dialog and dialog["style"] not in ("primary", "danger"):
            self.add(f"{here}/style", "must be one of primary, danger")

    # -- elements ------------------------------------------------------------

    def element(self, element: Any, pointer: str, allowed: tuple[str, ...], *,
                require_action_id: bool = False) -> None:
        """One block element, which must be of one of the ``allowed`` types."""
        if not self.is_object(element, pointer):
            return
        kind = element.get("type")
        if kind not in allowed or kind not in _ELEMENT_KEYS:
            self.add(pointer, "failed to match all allowed schemas")
            self.add(f"{pointer}/type", f"unsupported type: {kind}")
            return
        self.keys(element, _ELEMENT_KEYS[kind], pointer)
        if kind == "image":
            self._image_element(element, pointer)
            return
        self.string(element, "action_id", pointer, max_len=MAX_ID_CHARS, min_len=1,
                    required=require_action_id)
        self.text(element, "placeholder", pointer, max_len=MAX_PLACEHOLDER_CHARS, plain_only=True)
        self.boolean(element, "focus_on_load", pointer)
        self.confirm(element, pointer)
        getattr(self, f"_{kind}")(element, pointer)

    def _image_element(self, element: dict[str, Any], pointer: str) -> None:
        if element.get("image_url") is None and element.get("slack_file") is None:
            self.add(pointer, "missing required field: image_url")
        self.string(element, "image_url", pointer, max_len=MAX_URL_CHARS, min_len=1)
        self.string(element, "alt_text", pointer, max_len=MAX_LABEL_CHARS, required=True, min_len=1)

    def _button(self, element: dict[str, Any], pointer: str) -> None:
        self.text(element, "text", pointer, max_len=MAX_BUTTON_TEXT_CHARS, plain_only=True, required=True)
        self.string(element, "value", pointer, max_len=MAX_BUTTON_VALUE_CHARS)
        self.string(element, "url", pointer, max_len=MAX_URL_CHARS)
        self.string(element, "accessibility_label", pointer, max_len=MAX_BUTTON_TEXT_CHARS)
        if "style" in element and element["style"] not in ("primary", "danger"):
            self.add(f"{pointer}/style", "must be one of primary, danger")

    def _static_select(self, element: dict[str, Any], pointer: str) -> None:
        self.options_or_groups(element, pointer, required=True)
        if element.get("initial_option") is not None:
            self.option(element["initial_option"], f"{pointer}/initial_option")

    def _external_select(self, element: dict[str, Any], pointer: str) -> None:
        self.integer(element, "min_query_length", pointer, minimum=0)
        if element.get("initial_option") is not None:
            self.option(element["initial_option"], f"{pointer}/initial_option")

    def _users_select(self, element: dict[str, Any], pointer: str) -> None:
        self.string(element, "initial_user", pointer, max_len=MAX_ID_CHARS, min_len=1)

    def _multi_users_select(self, element: dict[str, Any], pointer: str) -> None:
        for i, user in enumerate(self.array(element, "initial_users", pointer, max_items=MAX_OPTIONS)):
            if not isinstance(user, str) or not user:
                self.add(f"{pointer}/initial_users/{i}", "expected a user id")
        self.integer(element, "max_selected_items", pointer, minimum=1)

    def _datepicker(self, element: dict[str, Any], pointer: str) -> None:
        if "initial_date" in element and not is_date(element["initial_date"]):
            self.add(f"{pointer}/initial_date", "must be a date in the format YYYY-MM-DD")

    def _plain_text_input(self, element: dict[str, Any], pointer: str) -> None:
        self.string(element, "initial_value", pointer, max_len=MAX_PLAIN_TEXT_INPUT_LENGTH)
        self.boolean(element, "multiline", pointer)
        self.integer(element, "min_length", pointer, minimum=0, maximum=MAX_PLAIN_TEXT_INPUT_LENGTH)
        self.integer(element, "max_length", pointer, minimum=1)
        low, high = element.get("min_length"), element.get("max_length")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.add(f"{pointer}/min_length", "must not be greater than max_length")

    # -- blocks --------------------------------------------------------------

    def blocks(self, blocks: Any, pointer: str, *, max_blocks: int) -> None:
        """A blocks array (≤ ``max_blocks``), every block and unique block_ids."""
        if not isinstance(blocks, list):
            self.add(pointer, "expected an array")
            return
        if len(blocks) > max_blocks:
            self.add(pointer, f"no more than {max_blocks} items allowed")
        seen: set[str] = set()
        for i, block in enumerate(blocks):
            here = f"{pointer}/{i}"
            self.block(block, here)
            block_id = block.get("block_id") if isinstance(block, dict) else None
            if isinstance(block_id, str):
                if block_id in seen:
                    self.add(f"{here}/block_id", f"duplicate block_id: {block_id}")
                seen.add(block_id)

    def block(self, block: Any, pointer: str) -> None:
        """One layout block."""
        if not self.is_object(block, pointer):
            return
        kind = block.get("type")
        if kind not in _BLOCK_KEYS:
            self.add(pointer, "failed to match all allowed schemas")
            self.add(f"{pointer}/type", f"unsupported type: {kind}")
            return
        self.keys(block, _BLOCK_KEYS[kind], pointer)
        self.string(block, "block_id", pointer, max_len=MAX_ID_CHARS, min_len=1)
        getattr(self, f"_{kind}_block")(block, pointer)

    def _section_block(self, block: dict[str, Any], pointer: str) -> None:
        if block.get("text") is None and not block.get("fields"):
            self.add(pointer, "missing required field: text")
        self.text(block, "text", pointer, max_len=MAX_SECTION_TEXT_CHARS)
        fields = self.array(block, "fields", pointer, max_items=MAX_SECTION_FIELDS, min_items=1)
        for i, field in enumerate(fields):
            self.text_object(field, f"{pointer}/fields/{i}", max_len=MAX_SECTION_FIELD_CHARS)
        if "accessory" in block:
            self.element(block["accessory"], f"{pointer}/accessory", ACCESSORY_TYPES)
        self.boolean(block, "expand", pointer)

    def _divider_block(self, block: dict[str, Any], pointer: str) -> None:
        pass

    def _header_block(self, block: dict[str, Any], pointer: str) -> None:
        self.text(block, "text", pointer, max_len=MAX_HEADER_CHARS, plain_only=True, required=True)

    def _context_block(self, block: dict[str, Any], pointer: str) -> None:
        elements = self.array(block, "elements", pointer, max_items=MAX_CONTEXT_ELEMENTS, min_items=1,
                              required=True)
        for i, element in enumerate(elements):
            here = f"{pointer}/elements/{i}"
            if isinstance(element, dict) and element.get("type") in TEXT_TYPES:
                self.text_object(element, here, max_len=MAX_TEXT_CHARS)
            else:
                self.element(element, here, ("image",))

    def _actions_block(self, block: dict[str, Any], pointer: str) -> None:
        elements = self.array(block, "elements", pointer, max_items=MAX_ACTIONS_ELEMENTS, min_items=1,
                              required=True)
        seen: set[str] = set()
        for i, element in enumerate(elements):
            self.element(element, f"{pointer}/elements/{i}", ACTIONS_TYPES)
            action_id = element.get("action_id") if isinstance(element, dict) else None
            if isinstance(action_id, str):
                if action_id in seen:
                    self.add(f"{pointer}/elements/{i}/action_id", f"duplicate action_id: {action_id}")
                seen.add(action_id)

    def _input_block(self, block: dict[str, Any], pointer: str) -> None:
        self.text(block, "label", pointer, max_len=MAX_LABEL_CHARS, plain_only=True, required=True)
        self.text(block, "hint", pointer, max_len=MAX_LABEL_CHARS, plain_only=True)
        self.boolean(block, "optional", pointer)
        self.boolean(block, "dispatch_action", pointer)
        if block.get("element") is None:
            self.add(pointer, "missing required field: element")
        else:
            self.element(block["element"], f"{pointer}/element", INPUT_TYPES, require_action_id=True)

    def _image_block(self, block: dict[str, Any], pointer: str) -> None:
        self._image_element(block, pointer)
        self.text(block, "title", pointer, max_len=MAX_LABEL_CHARS, plain_only=True)


def is_date(value: Any) -> bool:
    """True for a real calendar date written ``YYYY-MM-DD``."""
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def block_problems(blocks: Any, *, max_blocks: int = MAX_BLOCKS_PER_MESSAGE, pointer: str = "/blocks") -> list[str]:
    """Every Block Kit violation in ``blocks``, as Slack-style ``[ERROR] … [json-pointer:…]`` lines."""
    checker = Checker()
    checker.blocks(blocks, pointer, max_blocks=max_blocks)
    return checker.problems


def options_response_problems(body: Any) -> list[str]:
    """Violations in an options-load answer: ``{"options": [...]}`` or ``{"option_groups": [...]}``, ≤100.

    (block_suggestion payload page: "a maximum of 100 options or option groups".)
    """
    checker = Checker()
    if not checker.is_object(body, ""):
        return checker.problems
    checker.keys(body, {"options", "option_groups"}, "")
    checker.options_or_groups(body, "", required=True)
    return checker.problems
