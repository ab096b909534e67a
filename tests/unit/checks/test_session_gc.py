"""A check freezes the heap for pytest's end-of-session gc.collect(), and always thaws it."""

from __future__ import annotations

import gc

from course_lib.checks import check


def test_heap_is_thawed_after_a_passing_and_a_crashing_check():
    def total_cents(prices_cents, discount_percent=0):
        return sum(prices_cents) - (sum(prices_cents) * discount_percent + 50) // 100

    def crashes(prices_cents, discount_percent=0):
        raise RuntimeError("boom")

    assert check("00.1", total_cents, record=False).status == "passed"
    assert gc.get_freeze_count() == 0
    assert check("00.1", crashes, record=False).status == "failed"
    assert gc.get_freeze_count() == 0
