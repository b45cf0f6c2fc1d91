"""Local HTTP fakes of Toggl and Slack, and Slack's request signing.

Used by the tests, the sandbox (``make run`` without settings) and ``make
bench``; never by the bot itself. ``fakes.toggl`` is a strict Toggl API v9,
``fakes.slack`` the Slack Web API plus ``response_url``s, and
``fakes.slack_requests`` builds signed slash commands and button clicks.
"""
