"""The web process: Slack requests in (``/slack/events``), acks out within 3 s.

The Bolt app, the slash-command intake, the approval desk and Socket Mode.
It never imports the Toggl client: everything that talks to Toggl runs in a
worker job.
"""
