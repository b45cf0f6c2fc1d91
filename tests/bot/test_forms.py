"""The modals' forms: a submission is checked field by field, then becomes the typed command."""
from __future__ import annotations

import pytest

from bot.forms import FORMS, check, read_values
from bot.parser import parse

RATE = FORMS["toggl_rate_set"]


@pytest.mark.parametrize("values, typed", [
    ({"target": "person", "person": "U0MEMBER", "amount": "85"}, "rate set <@U0MEMBER> 85"),
    ({"target": "workspace", "amount": "60.50", "kind": "labor"}, "rate set workspace 60.50 labor"),
    ({"target": "project", "project": "4001", "amount": "90", "mode": "override-all"},
     "rate set project:4001 90 mode=override-all"),
    ({"target": "project_person", "project": "4001", "person": "U0MEMBER", "amount": "95", "start": "2026-01-01"},
     "rate set project:4001 <@U0MEMBER> 95 start=2026-01-01"),
])
def test_a_rate_form_becomes_the_typed_command(values: dict, typed: str) -> None:
    assert check(RATE, values).parsed == parse(typed)


@pytest.mark.parametrize("values, field, words", [
    ({"target": "person", "person": "U0MEMBER", "amount": "85,5"}, "amount", "did you mean 85.5"),
    ({"target": "person", "person": "U0MEMBER", "amount": "85 mode=override-all"}, "amount", "positive number"),
    ({"target": "person", "amount": "85"}, "person", "choose the person"),
    ({"target": "project_person", "person": "U0MEMBER", "amount": "85"}, "project", "choose the project"),
    ({"target": "person", "person": "U0MEMBER", "amount": "85", "mode": "override-all", "start": "2026-01-01"},
     "start", "not both"),
    ({"target": "person", "person": "U0MEMBER"}, "amount", "needed"),
])
def test_a_rate_form_mistake_is_shown_on_its_field(values: dict, field: str, words: str) -> None:
    errors = check(RATE, values).errors
    assert list(errors) == [field] and words in errors[field]


@pytest.mark.parametrize("callback_id, values, typed", [
    ("toggl_user_remove", {"people": ["U0MEMBER", "U0ADMIN2"]}, "user remove <@U0MEMBER> <@U0ADMIN2>"),
    ("toggl_reminder_add", {"hours": "6", "frequency": "weekly", "people": ["U0MEMBER"], "group": "6001"},
     "reminder add 6h weekly <@U0MEMBER> group:6001"),
    ("toggl_connect", {"token": "  0123456789abcdef0123456789abcdef "}, "connect 0123456789abcdef0123456789abcdef"),
])
def test_each_form_becomes_its_typed_command(callback_id: str, values: dict, typed: str) -> None:
    assert check(FORMS[callback_id], values).parsed == parse(typed)


@pytest.mark.parametrize("callback_id, values, field", [
    ("toggl_user_remove", {"people": []}, "people"),
    ("toggl_reminder_add", {"hours": "6.5", "people": ["U0MEMBER"]}, "hours"),
    ("toggl_reminder_add", {"hours": "200", "people": ["U0MEMBER"]}, "hours"),
    ("toggl_reminder_add", {"hours": "6"}, "people"),
    ("toggl_connect", {"token": "abc def"}, "token"),
    ("toggl_connect", {"token": "short"}, "token"),
])
def test_each_form_refuses_what_its_command_would(callback_id: str, values: dict, field: str) -> None:
    assert field in check(FORMS[callback_id], values).errors


def test_a_person_that_is_not_a_slack_user_id_is_not_passed_on() -> None:
    checked = check(RATE, {"target": "person", "person": "<!channel>", "amount": "85"})
    assert checked.errors == {"person": "choose the person"}


def test_submitted_values_are_read_by_element_type() -> None:
    state = {"values": {
        "target": {"target": {"type": "static_select", "selected_option": {"value": "person"}}},
        "person": {"person": {"type": "users_select", "selected_user": "U0MEMBER"}},
        "project": {"project": {"type": "external_select", "selected_option": None}},
        "amount": {"amount": {"type": "plain_text_input", "value": "85"}},
        "start": {"start": {"type": "datepicker", "selected_date": "2026-01-01"}},
    }}
    assert read_values(RATE, {"state": state}) == {"target": "person", "person": "U0MEMBER", "project": None,
                                                   "amount": "85", "kind": None, "mode": None,
                                                   "start": "2026-01-01"}
