"""Hidden tests for exercise 00.2: cart_total(items) -> int cents."""


def test_empty_cart(submission):
    """An empty cart costs 0 cents"""
    result = submission([])
    assert result == 0, f"expected cart_total([]) to be 0, got {result!r}"


def test_one_item(submission):
    """One item costs its price"""
    result = submission([{"price_cents": 250, "qty": 1}])
    assert result == 250, f"expected 250 cents for one item of 250 cents, got {result!r}"


def test_quantity(submission):
    """Quantity multiplies the price"""
    items = [{"price_cents": 250, "qty": 3}, {"price_cents": 99, "qty": 1}]
    result = submission(items)
    assert result == 849, f"expected 3 × 250 + 1 × 99 = 849 cents, got {result!r}"


def test_whole_cents(submission):
    """The total is whole cents (an int), not euros"""
    result = submission([{"price_cents": 1999, "qty": 2}])
    assert isinstance(result, int) and not isinstance(result, bool), (
        f"expected an int number of cents, got {type(result).__name__} {result!r}"
    )
    assert result == 3998, f"expected 2 × 1999 = 3998 cents, got {result!r}"
