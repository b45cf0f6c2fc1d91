"""A small client library for the Toggl Track API v9.

``api.TogglAPI`` is one token's session: basic auth, pacing shared through
Redis (at most 1 request/s per token across processes), quota bookkeeping,
retries and an error tree built from a status table (``errors``). Each other
module covers one resource with plain functions that take a ``TogglAPI``.
Nothing here knows about Slack or the bot.
"""
