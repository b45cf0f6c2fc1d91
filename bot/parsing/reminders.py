"""reminder add | update | delete."""
from __future__ import annotations

from typing import Any

from bot.parsing.args import Args, resembles
from bot.parsing.lexer import Word
from bot.parsing.problems import ValueProblem
from bot.parsing.values import parse_hours, parse_person, parse_positive_int

FREQUENCIES = {"daily": 1, "weekly": 7}
MAX_THRESHOLD = 168


def reminder_add(args: Args) -> dict[str, Any]:
    """``reminder add <hours>h [daily|weekly] <who or group:<id>>…``."""
    args.no_options()
    words = list(args.positionals)
    if not words or parse_hours(words[0].text) is None:
        raise args.fail("start with the threshold in hours, e.g. `reminder add 6h daily @jane`")
    threshold = _threshold(args, words.pop(0).text)
    frequency = _frequency(args, words)
    recipients = _recipients(args, words)
    if not recipients["people"] and not recipients["group_ids"]:
        raise args.fail("name at least one person or group:<id> to remind")
    return {"threshold": threshold, "frequency": frequency or 1, **recipients}


def reminder_update(args: Args) -> dict[str, Any]:
    """``reminder update <id> [<hours>h] [daily|weekly] [<who or group:<id>>…]``."""
    args.no_options()
    words = list(args.positionals)
    if not words:
        raise args.fail("give the reminder id (see `/toggl reminders`)")
    values: dict[str, Any] = {"reminder_id": args.check(parse_positive_int, words.pop(0).text, "reminder id")}
    if words and parse_hours(words[0].text) is not None:
        values["threshold"] = _threshold(args, words.pop(0).text)
    if frequency := _frequency(args, words):
        values["frequency"] = frequency
    recipients = _recipients(args, words)
    if recipients["people"] or recipients["group_ids"]:
        values.update(recipients)
    if len(values) == 1:
        raise args.fail("say what to change: hours, daily/weekly, or who")
    return values


def reminder_delete(args: Args) -> dict[str, Any]:
    """``reminder delete <id>``."""
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("give one reminder id (see `/toggl reminders`)")
    return {"reminder_id": args.check(parse_positive_int, args.positionals[0].text, "reminder id")}


def _threshold(args: Args, text: str) -> int:
    hours = parse_hours(text)
    if hours != int(hours) or not 1 <= hours <= MAX_THRESHOLD:
        raise args.fail(f"the threshold must be whole hours from 1h to {MAX_THRESHOLD}h, got `{text}`")
    return int(hours)


def _frequency(args: Args, words: list[Word]) -> int | None:
    """``daily`` or ``weekly`` right after the hours; another word there that names nobody is a slip of it."""
    if words and not words[0].quoted and words[0].text.lower() in FREQUENCIES:
        return FREQUENCIES[words.pop(0).text.lower()]
    if words and not _names_someone(words[0]):
        raise args.keyword_hint(words[0], "how often", list(FREQUENCIES),
                                "; who is a mention (@jane), an email, id:<workspace user id> or group:<id>")
    return None


def _names_someone(word: Word) -> bool:
    if word.text.lower().startswith("group:"):
        return True
    try:
        parse_person(word)
    except ValueProblem:
        return False
    return True


def _recipients(args: Args, words: list[Word]) -> dict[str, list]:
    people: list[dict] = []
    group_ids: list[int] = []
    for word in words:
        if word.text.lower() in FREQUENCIES or (resembles(word, list(FREQUENCIES)) and not _names_someone(word)):
            raise args.fail(f"`{word.text}`: how often (daily or weekly) must come right after the hours")
        if word.text.lower().startswith("group:"):
            group_id = args.check(parse_positive_int, word.text[len("group:"):], "group id")
            if group_id in group_ids:
                raise args.fail(f"group:{group_id} is named twice")
            group_ids.append(group_id)
        else:
            people.append(args.check(parse_person, word))
    return {"people": args.distinct(people), "group_ids": group_ids}
