"""Unit tests: money rules in the models and pricing helpers (no I/O)."""

from __future__ import annotations

import pytest

from course_lib.shop.errors import InvalidInput
from course_lib.shop.models import Order, OrderLine, Product
from course_lib.shop.usecases import pricing

pytestmark = pytest.mark.unit


def test_money_must_be_integer_cents():
    with pytest.raises(InvalidInput):
        Product("A1", "Mug", 12.50)
    with pytest.raises(InvalidInput):
        OrderLine("A1", 1, True)


def test_order_total_sums_lines():
    order = Order(1, [OrderLine("A1", 2, 250), OrderLine("B2", 1, 999)])
    assert order.total_cents == 1499 == pricing.subtotal_cents(order.lines)


def test_quantity_must_be_positive():
    with pytest.raises(InvalidInput):
        OrderLine("A1", 0, 100)


@pytest.mark.parametrize(
    ("cents", "units"), [(1234, "12.34"), (5, "0.05"), (0, "0.00"), (-150, "-1.50")]
)
def test_major_units_round_trip(cents, units):
    assert pricing.to_major_units(cents) == units
    assert pricing.from_major_units(units) == cents


def test_from_major_units_refuses_to_round():
    with pytest.raises(InvalidInput):
        pricing.from_major_units("1.005")
    with pytest.raises(InvalidInput):
        pricing.from_major_units("abc")


@pytest.mark.parametrize(
    ("cents", "percent", "expected"),
    [(1000, 10, 900), (999, 50, 499), (1, 50, 0), (1005, 10, 904), (0, 10, 0), (250, 100, 0)],
)
def test_percent_off_rounds_the_discount_half_up(cents, percent, expected):
    """The discount is rounded half up (499.5 -> 500 off), then taken off the price."""
    assert pricing.percent_off(cents, percent) == expected


@pytest.mark.parametrize(
    ("cents", "percent", "expected"), [(1025, 10, 103), (1015, 3, 30), (1017, 3, 31), (1, 50, 1)]
)
def test_discount_cents_rounds_half_up(cents, percent, expected):
    assert pricing.discount_cents(cents, percent) == expected


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_off_range(percent):
    with pytest.raises(InvalidInput):
        pricing.percent_off(100, percent)
