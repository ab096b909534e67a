"""Helpers learners use in their own tests: fixtures, live/stub HTTP servers, wait_until."""
