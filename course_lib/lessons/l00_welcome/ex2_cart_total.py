"""Hidden tests for exercise 00.2: cart_total(items) -> int cents.

A line is a dict {"price_cents": int, "qty": int}. The cases cover each promise of the statement
(cents, quantities, the empty cart) and the usual slips: a float round trip through euros,
lines merged by price, a line with qty 0, and changing the caller's dicts.
"""

import copy


def _line(price_cents, qty):
    return {"price_cents": price_cents, "qty": qty}


def _expect(submission, items, expected, why=""):
    got = submission(copy.deepcopy(items))
    assert got == expected, f"expected cart_total({items}) to be {expected}, got {got!r}. {why}"


def test_empty_cart(submission):
    """An empty cart costs 0 cents"""
    _expect(submission, [], 0, "There is no first line to start from in an empty cart.")


def test_one_item(submission):
    """One line with qty 1 costs its price"""
    _expect(submission, [_line(1299, 1)], 1299)


def test_quantity(submission):
    """Quantity multiplies the price: 3 × 250 + 1 × 99 is 849"""
    _expect(
        submission,
        [_line(250, 3), _line(99, 1)],
        849,
        "Each line costs price_cents × qty.",
    )


def test_zero_quantity(submission):
    """A line with qty 0 costs nothing"""
    _expect(submission, [_line(500, 0), _line(120, 2)], 240)


def test_identical_lines_both_count(submission):
    """Two identical lines both count: 2 × (400 × 2) is 1600"""
    _expect(submission, [_line(400, 2), _line(400, 2)], 1600, "Do not merge lines by price.")


def test_cents_without_float_round_trip(submission):
    """29 cents × 3 is exactly 87 (no detour through euros as floats)"""
    _expect(
        submission,
        [_line(29, 3)],
        87,
        "0.29 * 3 * 100 is 86.99999... in floats and int() makes it 86: stay in cents.",
    )


def test_large_cart(submission):
    """A big order stays exact: 1000 × 1999 + 7 × 5 is 1999035"""
    _expect(submission, [_line(1999, 1000), _line(5, 7)], 1999035)


def test_whole_cents(submission):
    """The total is whole cents (an int), not euros"""
    for items in ([_line(1999, 2)], []):
        got = submission(copy.deepcopy(items))
        assert isinstance(got, int) and not isinstance(got, bool), (
            f"expected an int number of cents from cart_total({items}), "
            f"got {type(got).__name__} {got!r}"
        )


def test_items_left_untouched(submission):
    """The cart you are given is left as it was (lines and their dicts)"""
    items = [_line(250, 2), _line(99, 3)]
    submission(items)
    assert items == [_line(250, 2), _line(99, 3)], (
        f"expected the cart to stay [{_line(250, 2)}, {_line(99, 3)}], got {items!r}: "
        "cart_total() changed the caller's cart. Multiply into a new number instead."
    )
