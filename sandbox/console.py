"""``make console``: type ``/toggl …`` as a demo user; see every message the bot sends.

Requests go to the running bot's ``/slack/events``, escaped and signed exactly
as Slack escapes and signs them (``@cat`` becomes a mention, an email a mailto
link, ``&`` ``&amp;``); button presses are real ``block_actions`` payloads.
The App Home (``:home``) and the modals (``:open``, ``:submit``) go the same
way: an ``app_home_opened`` event, a global shortcut, a ``view_submission``;
the fake Slack (another process) hands out trigger ids, holds the views and
plays the bot's answer to a submission as Slack would (``/_sandbox/…``).
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import requests

from fakes.slack_blocks import is_date
from fakes.slack_requests import (
    SlashCommand,
    app_home_opened,
    block_actions_body,
    block_suggestion,
    event_body,
    event_callback,
    global_shortcut,
    interaction_body,
    post_signed,
    view_block_actions,
    view_submission,
)
from fakes.slack_views import elements
from sandbox import render
from sandbox import state as sandbox_state
from sandbox.reconnect import Reconnector, never_arrived

HELP = """Type /toggl … to run a command as the current user. Console commands:
  :as <name>           act as another demo user (ann, bob — admins; cat, dan)
  :who                 the demo users and their Toggl API tokens (for /toggl connect)
  :approve <ref>       press Approve on the approval card of <ref>
  :reject <ref>        press Reject on it
  :home                open your App Home tab and show what the bot publishes there
  :open <callback id>  open a form as a global shortcut does (toggl_rate_set, toggl_user_remove,
                       toggl_reminder_add, toggl_connect) and list its fields
  :submit field=value …   submit the open form, e.g. :submit target=person person=@cat amount=85
                       (@name for people, @a,@b for several, an option's value or text, YYYY-MM-DD,
                       "quotes" around spaces; fields you typed before stay filled in)
  :click <action id> <value>   press a button on your Home tab or open form,
                       e.g. :click approval_approve abc234
  :event <entity>.<action>   make Toggl send that event, e.g. :event workspace_user.updated
                       (after /toggl watch <entity>; entities: workspace_user, project, client, …)
  :help                this text
  :quit                leave (the bot keeps running)"""


# What the fake Toggl says changed, for :event (the demo workspace's own records).
DEMO_PAYLOADS = {
    "workspace_user": {"id": 5003, "uid": 1003, "name": "Cat Coder", "email": "cat@acme.test", "role": "user"},
    "project": {"id": 4001, "name": "Website", "client_id": 3001, "active": True},
    "client": {"id": 3001, "name": "Globex"},
    "time_entry": {"id": 777, "description": "Design review", "project_id": 4001},
}


class Console:
    """Sends signed requests as a demo user and prints what Slack would show."""

    def __init__(self, sandbox: dict[str, Any], web_url: str, out=sys.stdout, state_path: Path | None = None):
        self.sandbox = sandbox
        self.web_url = web_url.rstrip("/")
        self.out = out
        self.user = "ann"
        self.names = {p["id"]: name for name, p in sandbox_state.PEOPLE.items()}
        # What Slack does with a typed @name: the demo person's mention (SlashCommand escapes the text).
        self.people = {name: p["id"] for name, p in sandbox_state.PEOPLE.items()}
        self.names.update(sandbox_state.CHANNEL_NAMES)
        self._seen = 0
        self._response_owners: dict[str, str] = {}
        self._cards: dict[str, dict[str, Any]] = {}
        self._dms: dict[str, str] = {}  # demo name → their direct-message channel with the bot
        self._typed: dict[str, dict[str, Any]] = {}  # modal view id → the values submitted so far
        self._lock = threading.Lock()
        # a bot restart under the console: one line, then wait for it (state_path: a new sandbox's state)
        self.reconnect = Reconnector(self.web_url, state_path, self.say, self.adopt, lambda: self.sandbox)

    def handle(self, line: str) -> bool:
        """Run one input line; False means quit. If the bot restarts under it: one line, then carry on."""
        try:
            return self._dispatch(line)
        except requests.ConnectionError as error:
            if not self.reconnect():
                self.say("(not sent: the bot does not answer — is `make run` still running?)")
            elif never_arrived(error):
                return self.handle(line)  # the line never reached anyone: send it again
            else:
                self.say("(the bot restarted while it handled that; `/toggl status` says whether it ran)")
            return True

    def adopt(self, sandbox: dict[str, Any]) -> None:
        """A new ``make run``: its sandbox's secrets and addresses; its messages from now on."""
        with self._lock:
            self.sandbox, self._seen = sandbox, 0
            self._cards.clear()
            self._typed.clear()
        self.learn_dm_channels()
        self.skip_history()

    def _dispatch(self, line: str) -> bool:
        line = line.strip()
        if not line:
            return True
        if line.startswith("/toggl"):
            self.slash(line[len("/toggl"):].strip())
        elif line.startswith(":as "):
            self.switch(line[4:].strip())
        elif line in (":who", ":users"):
            self.who()
        elif line.startswith((":approve ", ":reject ")):
            verb, _, ref = line.partition(" ")
            self.press("approval_approve" if verb == ":approve" else "approval_reject", ref.strip())
        elif line.startswith(":event "):
            self.event(line[len(":event "):].strip())
        elif line == ":home":
            self.home()
        elif line.startswith(":open "):
            self.open(line[len(":open "):].strip())
        elif line == ":submit" or line.startswith(":submit "):
            self.submit(line[len(":submit"):].strip())
        elif line.startswith(":click "):
            action_id, _, value = line[len(":click "):].strip().partition(" ")
            self.click(action_id, value.strip())
        elif line in (":quit", ":q", ":exit"):
            return False
        else:
            self.say(HELP)
        return True

    def slash(self, text: str) -> None:
        """Send ``/toggl <text>`` as the current user and print the ack."""
        response_url = self._new_response_url()
        self._response_owners[response_url.rsplit("/", 1)[1]] = self.user
        person = sandbox_state.PEOPLE[self.user]
        slash = SlashCommand(text=text, user_id=person["id"], user_name=self.user,
                             channel_id=sandbox_state.CHANNEL, channel_name="toggl-ops",
                             response_url=response_url, people=self.people)
        response = post_signed(self.web_url, self.sandbox["signing_secret"], slash.body())
        self._print_ack(response)

    def press(self, action_id: str, ref: str) -> None:
        """Press a button on the card of ``ref`` as the current user."""
        self.poll()
        card = self._cards.get(ref)
        if card is None:
            return self.say(f"no approval card for ref {ref} has been posted (yet)")
        response_url = self._new_response_url()
        self._response_owners[response_url.rsplit("/", 1)[1]] = self.user
        body = block_actions_body(action_id, ref, user_id=sandbox_state.PEOPLE[self.user]["id"],
                                  user_name=self.user, channel_id=card["channel"],
                                  message_ts=card["ts"], response_url=response_url)
        response = post_signed(self.web_url, self.sandbox["signing_secret"], body)
        self.say(f"(@{self.user} pressed {action_id} on ref {ref}: HTTP {response.status_code})")

    def event(self, name: str) -> None:
        """Have the fake Toggl send ``entity.action`` to the subscriptions that follow it."""
        entity, _, action = name.partition(".")
        payload = DEMO_PAYLOADS.get(entity, {"id": 1, "name": f"Demo {entity}"})
        base = self.sandbox["webhooks_url"].rsplit("/webhooks/", 1)[0]
        answer = requests.post(base + "/_sandbox/emit", timeout=15, json={
            "workspace_id": self.sandbox["workspace_id"], "entity": entity, "action": action or "updated",
            "payload": payload})
        if answer.status_code != 200:
            self.say(f"(Toggl cannot send that: {answer.json().get('error')})")
        elif not answer.json()["deliveries"]:
            self.say(f"(no subscription follows {entity}.{action or 'updated'}: `/toggl watch {entity}` first)")
        else:
            self.say(f"(Toggl sent it to {len(answer.json()['deliveries'])} subscription(s))")
            self.drain(quiet=2.0)

    # -- App Home and modals ---------------------------------------------------

    def home(self, wait: float = 10.0) -> None:
        """Open the current user's Home tab (``app_home_opened``) and print the view the bot publishes."""
        user_id = self._user_id()
        before = self._home_view()
        event = app_home_opened(user_id, channel=self._dms.get(self.user), view=before)
        response = post_signed(self.web_url, self.sandbox["signing_secret"], event_body(event_callback(event)))
        if response.status_code != 200:
            return self.say(f"HTTP {response.status_code}: {response.text[:200]}")
        view = self._wait_for(lambda: _newer(self._home_view(), before), wait)
        if view is None:
            self.say(f"(the bot published no new Home view for @{self.user} within {wait:.0f} s)")
            if before is None:
                return self.poll()
            view = before
        self.say(f"⌂ Home of @{self.user}\n" + render.view_text(view, self.names))
        self.poll()

    def open(self, callback_id: str, wait: float = 10.0) -> None:
        """Open the form ``callback_id`` as its global shortcut does and list its fields."""
        if not callback_id:
            return self.say("which form? e.g. :open toggl_rate_set")
        before = self._top_modal()
        payload = global_shortcut(callback_id, self._user_id(), self._trigger_id(), user_name=self.user)
        response = post_signed(self.web_url, self.sandbox["signing_secret"], interaction_body(payload))
        if response.status_code == 404:
            return self.say(f"(the bot has no shortcut {callback_id!r}: HTTP 404)")
        if response.status_code != 200:
            return self.say(f"HTTP {response.status_code}: {response.text[:200]}")
        self._show_new_modal(before, wait)

    def submit(self, arguments: str) -> None:
        """Submit the current user's open form with ``field=value`` pairs; print what Slack then shows."""
        view = self._top_modal()
        if view is None:
            return self.say(f"(no form is open for @{self.user}: :open <callback id> first)")
        if not view.get("submit"):
            title = (view.get("title") or {}).get("text", "")
            return self.say(f"(“{title}” has nothing to submit: :open <callback id> opens a form)")
        try:
            given = self._submitted_values(view, arguments)
        except ValueError as problem:
            return self.say(f"(not submitted: {problem})")
        typed = {**self._typed.get(view["id"], {}), **given}
        values = {field: {field: value} for field, value in typed.items()}
        try:
            payload = view_submission(view, values, user=self._user_id(), user_name=self.user,
                                      trigger_id=self._trigger_id(view["id"]))
        except ValueError as problem:  # what Slack's client refuses to send (a required field left empty)
            return self.say(f"(Slack would not submit it: {problem})")
        self._typed[view["id"]] = typed  # while the form stays open, what was typed stays in it
        response = post_signed(self.web_url, self.sandbox["signing_secret"], interaction_body(payload))
        if response.status_code != 200:
            self.say(f"HTTP {response.status_code}: {response.text[:200]}")
            return self.say("(Slack shows “We had some trouble connecting” in the form)")
        answer = requests.post(f"{self.sandbox['slack_base_url']}/_sandbox/view_response", timeout=5,
                               json={"view_id": view["id"], "body": response.text}).json()
        if answer.get("action") != "errors" or answer.get("problems"):
            self._typed.pop(view["id"], None)
        self._show_view_response(answer)
        self.poll()

    def click(self, action_id: str, value: str) -> None:
        """Press the button ``action_id`` (with ``value``) on the current user's Home tab or open form."""
        if not action_id:
            return self.say("which button? e.g. :click approval_approve abc234")
        for view in (self._top_modal(), self._home_view()):
            found = _button_in(view, action_id, value) if view else None
            if view is None or found is None:
                continue
            before = self._top_modal()
            trigger = self._trigger_id(view["id"] if view["type"] == "modal" else None)
            payload = view_block_actions(view, action_id, block_id=found, user=self._user_id(),
                                         user_name=self.user, trigger_id=trigger)
            response = post_signed(self.web_url, self.sandbox["signing_secret"], interaction_body(payload))
            where = "Home tab" if view["type"] == "home" else "form"
            self.say(f"(@{self.user} pressed {action_id} {value} on the {where}: HTTP {response.status_code})")
            if action_id.startswith("open_"):
                self._show_new_modal(before, 10.0)
            else:
                self.poll()
            return None
        return self.say(f"(no {action_id} button with value {value!r} on @{self.user}'s Home tab or open form;"
                        " :home shows the Home tab)")

    def _submitted_values(self, view: dict[str, Any], arguments: str) -> dict[str, Any]:
        """``field=value`` words → each field's value in the shape ``view_submission`` takes."""
        inputs = {block["block_id"]: element for block, element in elements(view) if block.get("type") == "input"}
        values: dict[str, Any] = {}
        for word in shlex.split(arguments):
            field, equals, text = word.partition("=")
            if not equals:
                raise ValueError(f"{word!r} is not field=value")
            if field not in inputs:
                raise ValueError(f"the form has no field {field!r}; its fields: {', '.join(inputs)}")
            values[field] = self._convert(view, field, inputs[field], text) if text else None
        return values

    def _convert(self, view: dict[str, Any], field: str, element: dict[str, Any], text: str) -> Any:
        kind = element["type"]
        if kind == "users_select":
            return self._person(text)
        if kind == "multi_users_select":
            return [self._person(name) for name in text.split(",") if name.strip()]
        if kind == "static_select":
            options = [*(element.get("options") or []),
                       *(o for g in element.get("option_groups") or [] for o in g.get("options") or [])]
            for option in options:
                if text == option["value"] or text.casefold() == option["text"]["text"].casefold():
                    return option["value"]
            raise ValueError(f"{field} is one of " + ", ".join(o["value"] for o in options))
        if kind == "external_select":
            return self._suggested(view, field, element, text)
        if kind == "datepicker" and not is_date(text):
            raise ValueError(f"{field} takes a date as YYYY-MM-DD")
        return text

    def _person(self, text: str) -> str:
        name = text.strip().lstrip("@").lower()
        if name not in self.people:
            raise ValueError(f"@{name} is not a demo person; try " + ", ".join("@" + n for n in self.people))
        return self.people[name]

    def _suggested(self, view: dict[str, Any], field: str, element: dict[str, Any], text: str) -> dict[str, Any]:
        """Type ``text`` into an external select: the bot's first option whose value or text matches it."""
        block_id = next(b["block_id"] for b, e in elements(view) if e is element)
        try:
            payload = block_suggestion(element["action_id"], block_id, text, view, user=self._user_id(),
                                       user_name=self.user)
        except ValueError as problem:
            raise ValueError(f"{field}: {problem}") from None
        response = post_signed(self.web_url, self.sandbox["signing_secret"], interaction_body(payload))
        if response.status_code != 200:
            raise ValueError(f"{field}: the bot answered the options request with HTTP {response.status_code}")
        answer = response.json() if response.content else {}
        options = [*(answer.get("options") or []),
                   *(o for g in answer.get("option_groups") or [] for o in g.get("options") or [])]
        wanted = text.casefold()
        for matches in (lambda o: o["value"] == text, lambda o: o["text"]["text"].casefold() == wanted,
                        lambda o: wanted in o["text"]["text"].casefold()):
            for option in options:
                if matches(option):
                    return {"text": option["text"], "value": option["value"]}
        if not options:
            raise ValueError(f"the bot offered no option of {field} for {text!r} (none matches, or — right "
                             "after a form opens — its look-ups are still loading: try again in a moment)")
        offered = ", ".join(f"{o['text']['text']} ({o['value']})" for o in options[:10])
        raise ValueError(f"no option of {field} matches {text!r} (the bot offered {offered})")

    def _show_view_response(self, result: dict[str, Any]) -> None:
        if result.get("error"):
            return self.say(f"(Slack could not apply the bot's answer: {result['error']})")
        if result.get("problems"):
            return self.say("(Slack refused the bot's answer; the form stays as it was)\n"
                            + "\n".join("    " + problem for problem in result["problems"]))
        action = result.get("action")
        if action == "errors":
            lines = [f"    ✗ {field}: {render.plain(text, self.names)}" for field, text in result["errors"].items()]
            return self.say("↳ the form stays open:\n" + "\n".join(lines)
                            + "\n    (fix them with :submit field=value …; the rest stays filled in)")
        if result.get("view") is None:
            return self.say("↳ the form closed")
        view = result["view"]
        shown = render.form_text(view, self.names) if _has_inputs(view) else render.view_text(view, self.names)
        self.say("↳ the form now shows\n" + "\n".join("    " + line for line in shown.splitlines()))

    def _show_new_modal(self, before: dict[str, Any] | None, wait: float) -> None:
        view = self._wait_for(lambda: _newer(self._top_modal(), before), wait)
        if view is None:
            self.say(f"(no form opened for @{self.user} within {wait:.0f} s)")
            return self.poll()
        self.say(render.form_text(view, self.names) if _has_inputs(view) else render.view_text(view, self.names))
        self.poll()

    def _user_id(self) -> str:
        return sandbox_state.PEOPLE[self.user]["id"]

    def _trigger_id(self, view_id: str | None = None) -> str:
        """A trigger id the fake Slack (another process) accepts once, for 3 s, for the current user."""
        return requests.post(f"{self.sandbox['slack_base_url']}/_sandbox/trigger_id", timeout=5,
                             json={"user_id": self._user_id(), "view_id": view_id}).json()["trigger_id"]

    def _home_view(self) -> dict[str, Any] | None:
        return requests.get(f"{self.sandbox['slack_base_url']}/_sandbox/home", timeout=5,
                            params={"user_id": self._user_id()}).json()["view"]

    def _top_modal(self) -> dict[str, Any] | None:
        views = requests.get(f"{self.sandbox['slack_base_url']}/_sandbox/modals", timeout=5,
                             params={"user_id": self._user_id()}).json()["views"]
        return views[-1] if views else None

    @staticmethod
    def _wait_for(found: Callable[[], Any], wait: float) -> Any:
        """``found()`` once it is not None, polling for up to ``wait`` seconds (then None)."""
        deadline = time.monotonic() + wait
        while True:
            value = found()
            if value is not None or time.monotonic() >= deadline:
                return value
            time.sleep(0.2)

    def switch(self, name: str) -> None:
        """Act as another demo user."""
        name = name.lstrip("@").lower()
        if name not in sandbox_state.PEOPLE:
            return self.say("unknown user; try " + ", ".join(sandbox_state.PEOPLE))
        self.user = name
        self.say(f"you are now @{name}" + (" (admin)" if sandbox_state.PEOPLE[name]["admin"] else ""))

    def who(self) -> None:
        """List the demo people."""
        for name, person in sandbox_state.PEOPLE.items():
            token = self.sandbox["tokens"].get(person["email"], "")
            role = "admin" if person["admin"] else "member"
            self.say(f"  @{name:<4} {person['id']:<7} {role:<7} {person['email']:<15} token {token}")

    def learn_dm_channels(self) -> None:
        """Name the direct-message channels the fake Slack gives each demo person."""
        for name, person in sandbox_state.PEOPLE.items():
            opened = requests.post(f"{self.sandbox['slack_api_url']}conversations.open",
                                   data={"users": person["id"]}, timeout=5,
                                   headers={"Authorization": f"Bearer {self.sandbox['bot_token']}"}).json()
            if opened.get("ok"):
                self.names[opened["channel"]["id"]] = name
                self._dms[name] = opened["channel"]["id"]

    def skip_history(self) -> None:
        """Start after the messages sent before this console opened."""
        events = requests.get(f"{self.sandbox['slack_base_url']}/_sandbox/events", timeout=5).json()["events"]
        for event in events:
            self._seen = event["seq"]
            self._remember_card(event)

    def poll(self) -> None:
        """Print the messages the bot sent since the last poll."""
        with self._lock:
            events = requests.get(f"{self.sandbox['slack_base_url']}/_sandbox/events",
                                  params={"after": self._seen}, timeout=5).json()["events"]
            for event in events:
                self._seen = event["seq"]
                self._remember_card(event)
                self.say(render.event_text(event, self.names, self._response_owners.get))

    def drain(self, quiet: float = 4.0, limit: float = 30.0) -> None:
        """Poll until no new message has come for ``quiet`` seconds (at most ``limit``)."""
        deadline = time.monotonic() + limit
        last_change, seen = time.monotonic(), self._seen
        while time.monotonic() < deadline and time.monotonic() - last_change < quiet:
            time.sleep(0.3)
            self.poll()
            if self._seen != seen:
                last_change, seen = time.monotonic(), self._seen

    def _remember_card(self, event: dict[str, Any]) -> None:
        for block in event.get("blocks") or []:
            for element in block.get("elements") or []:
                if element.get("action_id") == "approval_approve" and event.get("ts"):
                    self._cards[element["value"]] = {"channel": event["channel"], "ts": event["ts"]}

    def _new_response_url(self) -> str:
        return requests.post(f"{self.sandbox['slack_base_url']}/_sandbox/response_url", timeout=5).json()["url"]

    def _print_ack(self, response: requests.Response) -> None:
        if response.status_code != 200:
            return self.say(f"HTTP {response.status_code}: {response.text[:200]}")
        ack = response.json() if response.content else {}
        text = render.blocks_text(ack.get("blocks"), ack.get("text", ""), self.names)
        self.say(f"↳ ack (only @{self.user} sees)\n" + "\n".join("    " + line for line in text.splitlines()))

    def say(self, text: str) -> None:
        """Print a block of output."""
        print(text, file=self.out, flush=True)


def _newer(view: dict[str, Any] | None, before: dict[str, Any] | None) -> dict[str, Any] | None:
    """``view`` if Slack stored it after ``before`` (every views.* call gives a view a new hash)."""
    if view is None:
        return None
    if before is not None and view["id"] == before["id"] and view["hash"] == before["hash"]:
        return None
    return view


def _has_inputs(view: dict[str, Any]) -> bool:
    return any(block.get("type") == "input" for block in view.get("blocks") or [])


def _button_in(view: dict[str, Any], action_id: str, value: str) -> str | None:
    """The block id of the button ``action_id`` with ``value`` in ``view`` (any value when none is given)."""
    for block, element in elements(view):
        if element.get("type") == "button" and element["action_id"] == action_id and value in ("", element.get("value")):
            return block.get("block_id")
    return None


def main(argv: list[str] | None = None) -> int:
    """Read commands until :quit, printing new messages in between."""
    parser = argparse.ArgumentParser(prog="make console")
    parser.add_argument("--state", type=Path, default=sandbox_state.STATE_FILE)
    parser.add_argument("--url", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
                        help="the bot's base URL")
    options = parser.parse_args(argv)
    try:
        sandbox = sandbox_state.load(options.state)
    except FileNotFoundError:
        print("No sandbox is running: start `make run` (with no Slack/Toggl settings) first.", file=sys.stderr)
        return 1
    console = Console(sandbox, options.url, state_path=options.state)
    try:
        console.learn_dm_channels()
        console.skip_history()
    except requests.ConnectionError:
        print("The sandbox does not answer: start `make run` (with no Slack/Toggl settings) first.", file=sys.stderr)
        return 1
    console.say("Toggl Ops Bot sandbox console — you are @ann (admin). :help lists the console commands.")
    stop = threading.Event()

    def pump() -> None:
        while not stop.wait(0.3):
            try:
                console.poll()
            except requests.ConnectionError:
                console.reconnect()
            except requests.RequestException:
                pass

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            try:
                line = input(f"@{console.user}> ")
            except EOFError:
                try:
                    console.drain()  # input was piped: wait for the last results
                except requests.ConnectionError:
                    console.reconnect()
                break
            if not console.handle(line):
                break
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
