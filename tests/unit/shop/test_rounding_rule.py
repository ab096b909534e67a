"""One rounding rule for the whole course, checked everywhere it is written down.

The rule: a whole-percent discount is rounded half up to a whole cent, and the total is the
subtotal minus that discount (10 % off 1025: 102.5 -> 103 cents off, total 922). The shop's
pricing, exercise 00.1's solution and exercise 00.3's reference must agree on it, and the 00.3
variant that uses round() must disagree on a half cent, or the course teaches two rules.
"""

from __future__ import annotations

import nbformat
import pytest

from course_lib.lessons.l00_welcome import ex3_checkout_tests as checkout_00_3
from course_lib.shop.usecases import pricing
from tests.helpers import ROOT

pytestmark = pytest.mark.unit

# (subtotal cents, percent, total by the rule)
CASES = [
    (1025, 10, 922),  # discount 102.5 -> 103 (rounding the total would give 923)
    (1005, 10, 904),  # discount 100.5 -> 101 (round() would give 100)
    (1, 50, 0),  # discount 0.5 -> 1
    (999, 50, 499),  # discount 499.5 -> 500
    (170, 35, 110),  # discount exactly 59.5, but 59.4999... in floats
    (1015, 3, 985),  # discount 30.45 -> 30
    (1017, 3, 986),  # discount 30.51 -> 31
    (2000, 10, 1800),
    (0, 10, 0),
    (750, 100, 0),
    (750, 0, 750),
]


def _solution_total_cents():
    """total_cents from solutions/00-welcome.ipynb, exactly as the workbook defines it."""
    book = nbformat.read(ROOT / "solutions" / "00-welcome.ipynb", as_version=4)
    sources = [c.source for c in book.cells if c.cell_type == "code"]
    source = next(s for s in sources if s.lstrip().startswith("def total_cents("))
    namespace: dict = {}
    exec(compile(source, "solutions/00-welcome.ipynb", "exec"), namespace)  # noqa: S102
    return namespace["total_cents"]


TOTAL_CENTS = _solution_total_cents()


@pytest.mark.parametrize(("subtotal", "percent", "expected"), CASES)
def test_everyone_applies_the_same_rule(subtotal, percent, expected):
    """Shop pricing, the 00.1 solution and the 00.3 reference give the same total."""
    got = {
        "shop pricing.percent_off": pricing.percent_off(subtotal, percent),
        "00.1 solution total_cents": TOTAL_CENTS([subtotal], percent),
        "00.3 reference checkout": checkout_00_3.checkout(
            [{"price_cents": subtotal, "qty": 1}], percent
        ),
    }
    assert got == dict.fromkeys(got, expected), f"{subtotal} cents, {percent} % off"


@pytest.mark.parametrize(("subtotal", "percent", "expected"), CASES)
def test_total_plus_discount_is_the_subtotal(subtotal, percent, expected):
    """The discount a receipt shows and the total it charges add up to the subtotal."""
    assert pricing.discount_cents(subtotal, percent) + expected == subtotal


def test_the_rounding_variant_breaks_the_rule_on_a_half_cent():
    """00.3's bankers-rounding variant differs from the rule exactly where it should."""
    items = [{"price_cents": 1005, "qty": 1}]
    assert checkout_00_3.checkout(items, 10) == 904
    too_little_off = checkout_00_3.bankers_rounding(items, 10)
    assert too_little_off == 905, "round(100.5) is 100: one cent too little off"
    off_half = [{"price_cents": 999, "qty": 1}]
    assert checkout_00_3.bankers_rounding(off_half, 10) == checkout_00_3.checkout(off_half, 10)


def test_the_workbook_example_is_the_rule():
    """00.1's statement (10 % off 1025 is 922) matches the rule, not the rounded total (923)."""
    book = nbformat.read(ROOT / "solutions" / "00-welcome.ipynb", as_version=4)
    statement = next(c.source for c in book.cells if "## Exercise 00.1" in c.source)
    assert "**922**" in statement and pricing.percent_off(1025, 10) == 922
