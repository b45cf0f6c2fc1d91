"""Tests of the Slack fake's views, retries and interaction payloads."""
