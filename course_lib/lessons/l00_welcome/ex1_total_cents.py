"""Hidden tests for exercise 00.1: total_cents(prices_cents, discount_percent=0), half a cent up."""


def test_empty_cart(submission):
    """An empty cart costs 0 cents"""
    result = submission([], 0)
    assert result == 0, f"expected total_cents([]) to be 0, got {result!r}"


def test_sum_without_discount(submission):
    """Without a discount the total is the sum of the prices"""
    result = submission([1000, 500], 0)
    assert result == 1500, f"expected total_cents([1000, 500]) to be 1500, got {result!r}"


def test_ten_percent(submission):
    """10 % off 1500 cents is 1350 cents"""
    result = submission([1000, 500], 10)
    assert result == 1350, f"expected total_cents([1000, 500], 10) to be 1350, got {result!r}"


def test_half_cent_rounds_up(submission):
    """Half a cent of discount rounds up (10 % off 1025 is 922)"""
    result = submission([1025], 10)
    assert result == 922, (
        f"10 % off 1025 cents is a discount of 102.5 cents, which rounds up to 103: expected 922, "
        f"got {result!r}. Python's round() rounds halves to even."
    )


def test_below_half_rounds_down(submission):
    """Less than half a cent rounds down (10 % off 999 is 899)"""
    result = submission([999], 10)
    assert result == 899, f"10 % off 999 cents is 899.1 cents: expected 899, got {result!r}"


def test_whole_cents(submission):
    """The total is whole cents (an int)"""
    result = submission([1025], 10)
    assert isinstance(result, int) and not isinstance(result, bool), (
        f"expected an int number of cents, got {type(result).__name__} {result!r}"
    )
