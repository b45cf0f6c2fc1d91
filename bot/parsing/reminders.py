"""reminders, reminder add | update | delete."""
from __future__ import annotations

import re

from bot.commands import Command, Parsed
from bot.lexer import Word
from bot.parsing.args import Args
from bot.values import parse_person, parse_positive_int

FREQUENCIES = {"daily": 1, "weekly": 7}
MAX_THRESHOLD = 168
_THRESHOLD = re.compile(r"^(\d+(?:\.\d+)?)h$", re.IGNORECASE)
_GROUP = re.compile(r"^group:(.+)$", re.IGNORECASE)


def reminder_add(args: Args, ws: int | None) -> Parsed:
    """``reminder add <hours>h [daily|weekly] <who or group:<id>>…``."""
    args.no_options()
    words = list(args.positionals)
    if not words or not _THRESHOLD.match(words[0].text):
        raise args.fail("start with the threshold in hours, e.g. `reminder add 6h daily @jane`")
    threshold = _threshold(args, words.pop(0).text)
    frequency = _frequency(words)
    recipients = _recipients(args, words)
    if not recipients["people"] and not recipients["group_ids"]:
        raise args.fail("name at least one person or group:<id> to remind")
    return Parsed(Command("reminder.add", {"threshold": threshold, "frequency": frequency or 1,
                                           **recipients}, ws))


def reminder_update(args: Args, ws: int | None) -> Parsed:
    """``reminder update <id> [<hours>h] [daily|weekly] [<who or group:<id>>…]``."""
    args.no_options()
    words = list(args.positionals)
    if not words:
        raise args.fail("give the reminder id (see `/toggl reminders`)")
    reminder_id = args.check(parse_positive_int, words.pop(0).text, "reminder id")
    command_args: dict = {"reminder_id": reminder_id}
    if words and _THRESHOLD.match(words[0].text):
        command_args["threshold"] = _threshold(args, words.pop(0).text)
    if frequency := _frequency(words):
        command_args["frequency"] = frequency
    recipients = _recipients(args, words)
    if recipients["people"] or recipients["group_ids"]:
        command_args.update(recipients)
    if len(command_args) == 1:
        raise args.fail("say what to change: hours, daily/weekly, or who")
    return Parsed(Command("reminder.update", command_args, ws))


def reminder_delete(args: Args, ws: int | None) -> Parsed:
    """``reminder delete <id>``."""
    args.no_options()
    if len(args.positionals) != 1:
        raise args.fail("give one reminder id (see `/toggl reminders`)")
    reminder_id = args.check(parse_positive_int, args.positionals[0].text, "reminder id")
    return Parsed(Command("reminder.delete", {"reminder_id": reminder_id}, ws))


def _threshold(args: Args, text: str) -> int:
    hours = float(_THRESHOLD.match(text).group(1))
    if hours != int(hours) or not 1 <= hours <= MAX_THRESHOLD:
        raise args.fail(f"the threshold must be whole hours from 1h to {MAX_THRESHOLD}h, got `{text}`")
    return int(hours)


def _frequency(words: list[Word]) -> int | None:
    if words and not words[0].quoted and words[0].text.lower() in FREQUENCIES:
        return FREQUENCIES[words.pop(0).text.lower()]
    return None


def _recipients(args: Args, words: list[Word]) -> dict:
    people: list[dict] = []
    group_ids: list[int] = []
    for word in words:
        if word.text.lower() in FREQUENCIES:
            raise args.fail(f"`{word.text}` must come right after the hours")
        if match := _GROUP.match(word.text):
            group_id = args.check(parse_positive_int, match.group(1), "group id")
            if group_id in group_ids:
                raise args.fail(f"group:{group_id} is named twice")
            group_ids.append(group_id)
        else:
            people.append(args.check(parse_person, word.text))
    return {"people": args.distinct(people), "group_ids": group_ids}
