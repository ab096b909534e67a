"""Lesson 00: the checkout of a tiny shop, correct and with five plausible bugs.

An item is a dict {"price_cents": int, "qty": int}; money is always whole cents (int). The
course's rounding rule: the discount is rounded half up to a whole cent, and the total is the
subtotal minus that discount (10 % off 1005: 100.5 -> 101 cents off, total 904).
"""

from __future__ import annotations

from functools import reduce


def provide_function(impl, request):
    """Fixture value for test exercise 00.3: the checkout function itself (nothing to clean up)."""
    yield impl


def _subtotal(items) -> int:
    return sum(item["price_cents"] * item["qty"] for item in items)


def _minus_discount(subtotal: int, discount_percent: int) -> int:
    """The rule: round the discount half up (integers only), then subtract it."""
    return subtotal - (subtotal * discount_percent + 50) // 100


def checkout(items, discount_percent=0):
    """Correct: sum price * qty in cents, then take off the discount rounded half up."""
    return _minus_discount(_subtotal(items), discount_percent)


def total_in_units(items, discount_percent=0):
    """Bug: returns euros (a float) instead of cents."""
    return checkout(items, discount_percent) / 100


def ignores_quantity(items, discount_percent=0):
    """Bug: counts every line once, whatever its qty."""
    return _minus_discount(sum(item["price_cents"] for item in items), discount_percent)


def empty_cart_crashes(items, discount_percent=0):
    """Bug: reduce() without a start value fails on an empty cart."""
    total = reduce(lambda a, b: a + b, [i["price_cents"] * i["qty"] for i in items])
    return _minus_discount(total, discount_percent)


def bankers_rounding(items, discount_percent=0):
    """Bug: round() sends half a cent of discount to the even neighbour (100.5 -> 100)."""
    subtotal = _subtotal(items)
    return subtotal - round(subtotal * discount_percent / 100)


def discount_as_cents(items, discount_percent=0):
    """Bug: subtracts the percentage as if it were an amount of cents."""
    return _subtotal(items) - discount_percent
