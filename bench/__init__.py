"""Benchmarks of the Toggl Ops Bot: ``make bench`` (``python -m bench``)."""
