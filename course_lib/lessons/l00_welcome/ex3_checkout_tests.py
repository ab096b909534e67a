"""Lesson 00: the checkout of a tiny shop, correct and with five plausible bugs.

An item is a dict {"price_cents": int, "qty": int}; money is always whole cents (int).
"""

from __future__ import annotations

from functools import reduce


def provide_function(impl, request):
    """Fixture value for test exercise 00.3: the checkout function itself (nothing to clean up)."""
    yield impl


def checkout(items, discount_percent=0):
    """Correct: sum price * qty in cents, take the discount, round half a cent up."""
    total = sum(item["price_cents"] * item["qty"] for item in items)
    return (total * (100 - discount_percent) + 50) // 100


def total_in_units(items, discount_percent=0):
    """Bug: returns euros (a float) instead of cents."""
    return checkout(items, discount_percent) / 100


def ignores_quantity(items, discount_percent=0):
    """Bug: counts every line once, whatever its qty."""
    total = sum(item["price_cents"] for item in items)
    return (total * (100 - discount_percent) + 50) // 100


def empty_cart_crashes(items, discount_percent=0):
    """Bug: reduce() without a start value fails on an empty cart."""
    total = reduce(lambda a, b: a + b, [i["price_cents"] * i["qty"] for i in items])
    return (total * (100 - discount_percent) + 50) // 100


def bankers_rounding(items, discount_percent=0):
    """Bug: Python's round() sends half a cent to the even neighbour (904.5 -> 904)."""
    total = sum(item["price_cents"] * item["qty"] for item in items)
    return round(total * (100 - discount_percent) / 100)


def discount_as_cents(items, discount_percent=0):
    """Bug: subtracts the percentage as if it were an amount of cents."""
    total = sum(item["price_cents"] * item["qty"] for item in items)
    return total - discount_percent
