"""Sandbox mode: the bot against the test fakes (Toggl demo workspace, Slack), plus a console.

Started by ``make run`` only when no Slack or Toggl settings are present; the
app itself has no sandbox code path.
"""
