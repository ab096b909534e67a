"""Lesson 00 (welcome): three warm-up exercises on a tiny checkout, no database needed."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_V = "course_lib.lessons.l00_welcome.ex3_checkout_tests"

EXERCISES = [
    CodeExercise(
        id="00.1",
        title="Round half a cent up",
        hidden="course_lib.lessons.l00_welcome.ex1_total_cents",
        signature=Signature(
            "total_cents(prices_cents, discount_percent=0)", returns="whole cents (an int)"
        ),
        hint="Round the discount, not the total, and stay in integers: "
        "(subtotal * discount_percent + 50) // 100 is the discount rounded half up.",
        timeout=5.0,
    ),
    CodeExercise(
        id="00.2",
        title="Cart total in cents",
        hidden="course_lib.lessons.l00_welcome.ex2_cart_total",
        signature=Signature("cart_total(items)", returns="the total in cents (an int)"),
        hint="Multiply each price_cents by its qty and add them up; an empty cart is 0.",
        timeout=5.0,
    ),
    TestExercise(
        id="00.3",
        title="Tests that catch checkout bugs",
        fixture="checkout",
        provide=f"{_V}:provide_function",
        reference=f"{_V}:checkout",
        hint="One behaviour per test: units, quantities, the empty cart, rounding, the discount.",
        timeout=5.0,
        variants=(
            Variant(
                "total-in-units",
                "Money can be returned in euros as a float.",
                "Assert the exact number of cents, e.g. == 600.",
                f"{_V}:total_in_units",
            ),
            Variant(
                "ignores-quantity",
                "Each line of the cart counts once.",
                "Put an item with qty > 1 in the cart.",
                f"{_V}:ignores_quantity",
            ),
            Variant(
                "empty-cart-crashes",
                "Every cart has at least one item.",
                "Check out an empty cart.",
                f"{_V}:empty_cart_crashes",
            ),
            Variant(
                "bankers-rounding",
                "round() rounds half a cent up.",
                "Pick a discount of exactly half a cent, e.g. 10 % off 1005 (100.5 cents off: "
                "the total is 904).",
                f"{_V}:bankers_rounding",
            ),
            Variant(
                "discount-as-cents",
                "discount_percent is an amount of cents.",
                "Check the discounted total of a cart, e.g. 10 % off 2000 cents.",
                f"{_V}:discount_as_cents",
            ),
        ),
    ),
]
