"""Hidden tests for exercise 00.1: total_cents(prices_cents, discount_percent=0).

The course's rounding rule: the discount is the percentage of the subtotal rounded half up to a
whole cent, and the total is the subtotal minus that discount. Every half-cent case below also
separates "round the discount" from "round the total" (they differ by one cent on every half).
"""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _expect(submission, prices, percent, expected, why=""):
    got = submission(list(prices), percent)
    call = f"total_cents({list(prices)}, {percent})"
    assert got == expected, f"expected {call} to be {expected}, got {got!r}. {why}".strip()


def test_empty_cart(submission):
    """An empty cart costs 0 cents, with or without a discount"""
    for percent in (0, 10):
        _expect(submission, [], percent, 0)


def test_default_is_no_discount(submission):
    """Called with the prices only, the total is their sum"""
    got = submission([1999, 1])
    assert got == 2000, f"expected total_cents([1999, 1]) to be 2000 (no discount), got {got!r}"


def test_one_item_whole_discount(submission):
    """20 % off one item of 2500 cents is 2000 cents"""
    _expect(submission, [2500], 20, 2000)


def test_half_cent_rounds_up(submission):
    """Half a cent of discount rounds up: 10 % off 1005 is 904"""
    _expect(
        submission,
        [1005],
        10,
        904,
        "The discount is 100.5 cents, rounded half up to 101. Python's round() gives 100 "
        "(halves go to the even neighbour); rounding the total (904.5 -> 905) is also wrong.",
    )


def test_half_cent_on_one_cent(submission):
    """50 % off a 1-cent item is free (half a cent of discount rounds up)"""
    _expect(submission, [1], 50, 0, "The discount is 0.5 cent, rounded half up to 1 cent.")


def test_below_half_rounds_down(submission):
    """Less than half a cent rounds down: 3 % off 1015 is 985"""
    _expect(
        submission,
        [1015],
        3,
        985,
        "The discount is 30.45 cents, which rounds to 30; always rounding up (ceil) gives 31.",
    )


def test_above_half_rounds_up(submission):
    """More than half a cent rounds up: 3 % off 1017 is 986"""
    _expect(
        submission,
        [1017],
        3,
        986,
        "The discount is 30.51 cents, which rounds to 31; cutting the fraction off (int()) "
        "gives 30.",
    )


def test_inexact_float_percentage(submission):
    """35 % off 170 is 110 (where 170 * 0.35 is not exactly 59.5 in floats)"""
    _expect(
        submission,
        [170],
        35,
        110,
        "The discount is exactly 59.5 cents -> 60, but 170 * (35 / 100) is 59.49999... in "
        "floats. Stay in integers: (subtotal * percent + 50) // 100.",
    )


def test_discount_taken_on_the_sum(submission):
    """The discount is taken once, on the sum: 10 % off 1005 + 1005 is 1809"""
    _expect(
        submission,
        [1005, 1005],
        10,
        1809,
        "The discount is 10 % of 2010 = 201 cents; rounding each item's discount separately "
        "gives 101 + 101 = 202.",
    )


def test_zero_and_hundred_percent(submission):
    """0 % off changes nothing; 100 % off is free"""
    _expect(submission, [300, 450], 0, 750)
    _expect(submission, [300, 450], 100, 0)


def test_whole_cents(submission):
    """The total is whole cents (an int), with and without a discount"""
    for prices, percent in (([1005], 10), ([700], 0), ([999], 50)):
        got = submission(list(prices), percent)
        assert _is_int(got), (
            f"expected an int number of cents from total_cents({prices}, {percent}), "
            f"got {type(got).__name__} {got!r}"
        )


def test_prices_left_untouched(submission):
    """The list of prices you are given is left as it was"""
    prices = [1005, 250, 99]
    submission(prices, 10)
    assert prices == [1005, 250, 99], (
        f"expected the prices to stay [1005, 250, 99], got {prices!r}: total_cents() changed "
        "the caller's list. Read it, don't modify it (no pop, append, sort or item assignment)."
    )
