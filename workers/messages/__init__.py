"""Texts built in the worker: results, failures, interim notes, approval cards, audit lines."""
