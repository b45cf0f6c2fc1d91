"""``make console``: type ``/toggl …`` as a demo user; see every message the bot sends.

Requests go to the running bot's ``/slack/events``, escaped and signed exactly
as Slack escapes and signs them (``@cat`` becomes a mention, an email a mailto
link, ``&`` ``&amp;``); button presses are real ``block_actions`` payloads.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

from fakes.slack_requests import SlashCommand, block_actions_body, post_signed
from sandbox import render
from sandbox import state as sandbox_state

HELP = """Type /toggl … to run a command as the current user. Console commands:
  :as <name>           act as another demo user (ann, bob — admins; cat, dan)
  :who                 the demo users and their Toggl API tokens (for /toggl connect)
  :approve <ref>       press Approve on the approval card of <ref>
  :reject <ref>        press Reject on it
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

    def __init__(self, sandbox: dict[str, Any], web_url: str, out=sys.stdout):
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
        self._lock = threading.Lock()

    def handle(self, line: str) -> bool:
        """Run one input line; False means quit."""
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
    console = Console(sandbox, options.url)
    console.learn_dm_channels()
    console.skip_history()
    console.say("Toggl Ops Bot sandbox console — you are @ann (admin). :help lists the console commands.")
    stop = threading.Event()

    def pump() -> None:
        while not stop.wait(0.3):
            try:
                console.poll()
            except requests.RequestException:
                pass

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            try:
                line = input(f"@{console.user}> ")
            except EOFError:
                console.drain()  # input was piped: wait for the last results
                break
            if not console.handle(line):
                break
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
