"""Lesson 00 (welcome): three warm-up exercises on a tiny checkout, no database needed."""

from course_lib.checks.catalog.model import CodeExercise, TestExercise, Variant

_V = "course_lib.checks.variants.lesson00"

EXERCISES = [
    CodeExercise(
        id="00.1",
        title="Round half a cent up",
        hidden="course_lib.checks.hidden.lesson00_total_cents",
        expects="a function total_cents(prices_cents, discount_percent=0) returning whole cents",
        hint="Stay in integers: (subtotal * discount_percent + 50) // 100 is the discount rounded "
        "half up.",
        answer="total_cents",
        timeout=5.0,
    ),
    CodeExercise(
        id="00.2",
        title="Cart total in cents",
        hidden="course_lib.checks.hidden.lesson00_cart_total",
        expects="a function cart_total(items) returning the total in cents (an int)",
        hint="Multiply each price_cents by its qty and add them up; an empty cart is 0.",
        answer="cart_total",
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
                "Pick a discount that lands on exactly half a cent (10 % off 1005).",
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
